import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../write-file-atomic.ts';
import type { UploadFile } from './files.ts';

/** One file the API took for a source. */
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

interface JournalDocument {
  version: 1;
  sourceId: string;
  files: Record<string, JournalEntry>;
}

/**
 * What was uploaded to one source, so `--resume` sends only what is missing. Lives in
 * `<config dir>/uploads/<source id>.json`; every write goes to a temporary file that is then
 * renamed over the journal, so a crash leaves the old journal or the new one, never half of one.
 */
export class UploadJournal {
  readonly file: string;
  private readonly document: JournalDocument;
  private writing?: Promise<void>;
  private dirty = false;
  private failure?: unknown;

  private constructor(file: string, document: JournalDocument) {
    this.file = file;
    this.document = document;
  }

  static async open(configDir: string, sourceId: string): Promise<UploadJournal> {
    const file = join(configDir, 'uploads', `${sourceId.replace(/[^\w.-]/g, '_')}.json`);
    let document: JournalDocument = { version: 1, sourceId, files: {} };
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<JournalDocument>;
      if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object') {
        document = { version: 1, sourceId, files: parsed.files };
      }
    } catch {
      // No journal yet, or an unreadable one: start afresh (it only ever saves work).
    }
    return new UploadJournal(file, document);
  }

  get size(): number {
    return Object.keys(this.document.files).length;
  }

  /**
   * The entry for a file when the journal shows it was sent as it is now: same size and mtime,
   * or same size and content when the entry has a hash (a file touched but unchanged is not
   * sent again).
   */
  async alreadySent(file: UploadFile): Promise<JournalEntry | undefined> {
    const entry = this.document.files[file.absolutePath];
    if (!entry || entry.size !== file.size) return undefined;
    if (entry.mtimeMs === file.mtimeMs) return entry;
    if (entry.sha256 === undefined) return undefined;
    return (await hashFile(file.absolutePath)) === entry.sha256 ? entry : undefined;
  }

  /** Records a finished upload and saves the journal (writes coalesce; `flush` waits for them). */
  record(file: UploadFile, details: Pick<JournalEntry, 'sha256' | 'contentVersionId' | 'status'>): void {
    this.document.files[file.absolutePath] = {
      path: file.absolutePath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      uploadedAt: new Date().toISOString(),
      ...details,
    };
    this.dirty = true;
    this.writing ??= this.writeLoop();
  }

  /** Waits until everything recorded is on disk; throws when a write failed. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure !== undefined) throw this.failure;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
        await writeFileAtomic(this.file, `${JSON.stringify(this.document, null, 2)}\n`, 0o600);
      }
    } catch (err) {
      this.failure = err;
    } finally {
      this.writing = undefined;
    }
  }
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
