import { appendFileSync, createReadStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { UploadFile } from './files.ts';

/** One file the API took for a source: a line of the journal. */
export interface JournalEntry {
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content sent; recorded by `--resume` runs only, since hashing costs time. */
  sha256?: string;
  contentVersionId: string | null;
  status: string;
  uploadedAt: string;
}

/** A journal this many lines long, with fewer than a quarter of them current, is rewritten. */
const COMPACT_AFTER_LINES = 1000;

/**
 * What was uploaded to one source, so `--resume` sends only what is missing. Lives in
 * `<config dir>/uploads/<source id>.jsonl`, one JSON entry per line, the last line for a path
 * winning. Entries are only ever appended, each with a single write: two uploads to the same
 * source at once cannot overwrite each other's entries, and a crash can at worst cut the last
 * line short, which reading skips.
 */
export class UploadJournal {
  readonly file: string;
  private readonly files: Map<string, JournalEntry>;
  private failure?: unknown;
  /** The journal ends in a line cut short: the next entry must start a line of its own. */
  private endsMidLine: boolean;
  private directoryMade = false;

  private constructor(file: string, files: Map<string, JournalEntry>, endsMidLine: boolean) {
    this.file = file;
    this.files = files;
    this.endsMidLine = endsMidLine;
  }

  static async open(configDir: string, sourceId: string): Promise<UploadJournal> {
    const file = join(configDir, 'uploads', `${sourceId.replace(/[^\w.-]/g, '_')}.jsonl`);
    const { files, lines, endsMidLine } = readJournal(file);
    if (lines >= COMPACT_AFTER_LINES && lines > 4 * files.size) {
      await compact(file, files);
      return new UploadJournal(file, files, false);
    }
    return new UploadJournal(file, files, endsMidLine);
  }

  get size(): number {
    return this.files.size;
  }

  /**
   * The entry for a file when the journal shows it was sent as it is now: same size and mtime,
   * or same size and content when the entry has a hash (a file touched but unchanged is not
   * sent again).
   */
  async alreadySent(file: UploadFile): Promise<JournalEntry | undefined> {
    const entry = this.files.get(file.absolutePath);
    if (!entry || entry.size !== file.size) return undefined;
    if (entry.mtimeMs === file.mtimeMs) return entry;
    if (entry.sha256 === undefined) return undefined;
    return (await hashFile(file.absolutePath)) === entry.sha256 ? entry : undefined;
  }

  /**
   * Records a finished upload: one line appended at once, a write small enough that a
   * synchronous call is quicker than a trip through the thread pool. A failure is kept for
   * `ensureWritten` to report; the upload itself succeeded.
   */
  record(file: UploadFile, details: Pick<JournalEntry, 'sha256' | 'contentVersionId' | 'status'>): void {
    const entry: JournalEntry = {
      path: file.absolutePath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      uploadedAt: new Date().toISOString(),
      ...details,
    };
    this.files.set(entry.path, entry);
    if (this.failure !== undefined) return;
    try {
      if (!this.directoryMade) {
        mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
        this.directoryMade = true;
      }
      appendFileSync(this.file, `${this.endsMidLine ? '\n' : ''}${JSON.stringify(entry)}\n`, { mode: 0o600 });
      this.endsMidLine = false;
    } catch (err) {
      this.failure = err;
    }
  }

  /** Throws when recording an upload failed. */
  ensureWritten(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

function readJournal(file: string): {
  files: Map<string, JournalEntry>;
  lines: number;
  endsMidLine: boolean;
} {
  const files = new Map<string, JournalEntry>();
  let text: string;
  try {
    // One small file read before anything is sent: the synchronous call is the quicker one.
    text = readFileSync(file, 'utf8');
  } catch {
    return { files, lines: 0, endsMidLine: false };
  }
  const lines = text.split('\n').filter((line) => line !== '');
  for (const line of lines) {
    const entry = parseEntry(line);
    if (entry) files.set(entry.path, entry);
  }
  return { files, lines: lines.length, endsMidLine: text !== '' && !text.endsWith('\n') };
}

/** A journal line, or undefined for one that is cut short or not ours: it only ever saves work. */
function parseEntry(line: string): JournalEntry | undefined {
  try {
    const entry = JSON.parse(line) as Partial<JournalEntry>;
    if (
      typeof entry.path === 'string' &&
      typeof entry.size === 'number' &&
      typeof entry.mtimeMs === 'number'
    ) {
      return entry as JournalEntry;
    }
  } catch {}
  return undefined;
}

/**
 * Rewrites the journal with only its current entries. An upload appending to it at this very
 * moment may lose its line, which only means that file is sent again by a later --resume.
 */
async function compact(file: string, files: Map<string, JournalEntry>): Promise<void> {
  const text = [...files.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
  try {
    const { writeFileAtomic } = await import('../../write-file-atomic.ts');
    await writeFileAtomic(file, text, 0o600);
  } catch {
    // Compaction is housekeeping; the long journal still reads correctly.
  }
}

async function hashFile(path: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
