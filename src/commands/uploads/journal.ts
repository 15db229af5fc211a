import { appendFileSync, createReadStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { UploadFile } from './files.ts';
import { lockSourceFile } from './source-files.ts';

/** The status of a file sent in full whose upload no answer confirmed. */
export const UNCONFIRMED = 'unconfirmed';

/** One file sent to a source (taken by the API, or unconfirmed): a line of the journal. */
export interface JournalEntry {
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the content sent; recorded by `--resume` runs only, since hashing costs time. */
  sha256?: string;
  contentVersionId: string | null;
  /** The API's status for the file, or `unconfirmed`. */
  status: string;
  /** The title the content was sent with (its file name unless --title): how a re-check finds it. */
  title?: string;
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

  /** Lines that are not journal entries (cut short by a crash, or edited): read past. */
  readonly unreadableLines: number;

  private constructor(file: string, read: JournalText) {
    this.file = file;
    this.files = read.files;
    this.endsMidLine = read.endsMidLine;
    this.unreadableLines = read.unreadable;
  }

  static async open(configDir: string, sourceId: string): Promise<UploadJournal> {
    const file = journalPath(configDir, sourceId);
    const read = readJournal(file);
    if (read.lines >= COMPACT_AFTER_LINES && read.lines > 4 * read.files.size) {
      await compact(file, read.files);
      return new UploadJournal(file, { ...read, endsMidLine: false });
    }
    return new UploadJournal(file, read);
  }

  /**
   * Takes the journal's lock for a `--resume` upload, so that two at once to one source do not
   * both send what the journal does not list yet. Refuses at once when another process holds it:
   * a big upload holds it for long. A lock its holder stopped renewing (it died) is taken over.
   */
  static async lock(configDir: string, sourceId: string): Promise<() => Promise<void>> {
    const file = journalPath(configDir, sourceId);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    return lockSourceFile(file, 'sources upload --resume', sourceId);
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
    const entry = await this.entryFor(file);
    return entry?.status === UNCONFIRMED ? undefined : entry;
  }

  /** The entry for a file, as it is now, that was sent in full but never confirmed. */
  async unconfirmed(file: UploadFile): Promise<JournalEntry | undefined> {
    const entry = await this.entryFor(file);
    return entry?.status === UNCONFIRMED ? entry : undefined;
  }

  private async entryFor(file: UploadFile): Promise<JournalEntry | undefined> {
    const entry = this.files.get(file.absolutePath);
    if (!entry || entry.size !== file.size) return undefined;
    if (entry.mtimeMs === file.mtimeMs) return entry;
    if (entry.sha256 === undefined) return undefined;
    return (await hashFile(file.diskPath)) === entry.sha256 ? entry : undefined;
  }

  /**
   * Records a finished upload: one line appended at once, a write small enough that a
   * synchronous call is quicker than a trip through the thread pool. A failure is kept for
   * `ensureWritten` to report; the upload itself succeeded.
   */
  record(
    file: UploadFile,
    details: Pick<JournalEntry, 'sha256' | 'contentVersionId' | 'status' | 'title'>,
  ): void {
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

function journalPath(configDir: string, sourceId: string): string {
  return join(configDir, 'uploads', `${sourceId.replace(/[^\w.-]/g, '_')}.jsonl`);
}

interface JournalText {
  files: Map<string, JournalEntry>;
  lines: number;
  unreadable: number;
  endsMidLine: boolean;
}

function readJournal(file: string): JournalText {
  const files = new Map<string, JournalEntry>();
  let text: string;
  try {
    // One small file read before anything is sent: the synchronous call is the quicker one.
    text = readFileSync(file, 'utf8');
  } catch {
    return { files, lines: 0, unreadable: 0, endsMidLine: false };
  }
  const lines = text.split('\n').filter((line) => line !== '');
  let unreadable = 0;
  for (const line of lines) {
    const entry = parseEntry(line);
    if (entry) files.set(entry.path, entry);
    else unreadable++;
  }
  return { files, lines: lines.length, unreadable, endsMidLine: text !== '' && !text.endsWith('\n') };
}

/** A journal line, or undefined for one that is cut short or not ours: it only ever saves work. */
function parseEntry(line: string): JournalEntry | undefined {
  let entry: Partial<Record<keyof JournalEntry, unknown>>;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
  const valid =
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.path === 'string' &&
    Number.isFinite(entry.size) &&
    Number.isFinite(entry.mtimeMs) &&
    typeof entry.status === 'string' &&
    (entry.contentVersionId === null || typeof entry.contentVersionId === 'string') &&
    optionalString(entry.sha256) &&
    optionalString(entry.title);
  return valid ? (entry as JournalEntry) : undefined;
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

async function hashFile(path: string | Buffer): Promise<string> {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
