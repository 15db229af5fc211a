import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lockSourceFile } from './source-files.ts';

/** What the last sync knows of one file of the folder. */
export interface SyncEntry {
  /** Relative to the folder, `/`-separated: the content's title. */
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of what was sent (unknown for a file adopted from the server's listing). */
  sha256?: string;
  contentVersionId: string | null;
  /** `synced`, or `unconfirmed`: sent in full, and no answer confirmed it. */
  status: 'synced' | 'unconfirmed';
  /** For an unconfirmed entry: whether it was a new upload or a replacement. */
  action?: 'add' | 'replace';
}

/** A state this many lines long, with fewer than half of them current, is rewritten. */
const COMPACT_AFTER_LINES = 200;

/**
 * The state of `sources sync` for one source: `<config dir>/sync/<source id>.jsonl`. Each file's
 * change is one line appended with a single write as soon as it is known, so an interrupted sync
 * resumes where it stopped; the last line for a path wins, a line cut short by a crash is read
 * past, and at the end the file is rewritten atomically with the current entries only.
 */
export class SyncState {
  readonly file: string;
  private readonly entries = new Map<string, SyncEntry>();
  private text = '';
  private lines = 0;
  private endsMidLine = false;
  private failure?: unknown;
  private directoryMade = false;

  private constructor(file: string) {
    this.file = file;
  }

  /** The state of one source, not read yet: see read(). */
  static of(configDir: string, sourceId: string): SyncState {
    return new SyncState(join(configDir, 'sync', `${sourceId.replace(/[^\w.-]/g, '_')}.jsonl`));
  }

  /**
   * Reads what earlier syncs recorded (nothing when there is no state yet); parse() makes the
   * entries of it. Called once the lock is held: read before it, the state could miss what a sync
   * ending meanwhile recorded last.
   */
  read(): void {
    try {
      this.text = readFileSync(this.file, 'utf8');
    } catch {
      this.text = '';
    }
  }

  /** Files the state read holds at most (one line each, as a line may be superseded or forgotten). */
  get recordedAtMost(): number {
    let lines = 0;
    for (let at = this.text.indexOf('\n'); at >= 0; at = this.text.indexOf('\n', at + 1)) lines++;
    return lines;
  }

  /** Makes the entries of what read() read: the last line for a path wins. */
  parse(): void {
    const text = this.text;
    this.text = '';
    for (const line of text.split('\n')) {
      if (line === '') continue;
      this.lines++;
      const parsed = parseLine(line);
      if (parsed === undefined) continue;
      if ('forget' in parsed) this.entries.delete(parsed.forget);
      else this.entries.set(parsed.path, parsed);
    }
    this.endsMidLine = text !== '' && !text.endsWith('\n');
  }

  /**
   * Takes the state's lock for the whole sync, so two syncs to one source cannot both send what
   * neither has recorded yet. Refuses at once when another process holds it.
   */
  async lock(sourceId: string): Promise<() => Promise<void>> {
    this.makeDirectory();
    return lockSourceFile(this.file, 'sources sync', sourceId);
  }

  get(path: string): SyncEntry | undefined {
    return this.entries.get(path);
  }

  record(entry: SyncEntry): void {
    this.entries.set(entry.path, entry);
    this.append(entry);
  }

  forget(path: string): void {
    if (!this.entries.delete(path)) return;
    this.append({ forget: path });
  }

  /** Rewrites the state with its current entries only, atomically, when it grew long. */
  async compact(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.lines < COMPACT_AFTER_LINES || this.lines < 2 * this.entries.size) return;
    const text = [...this.entries.values()].map((entry) => `${JSON.stringify(entry)}\n`).join('');
    const { writeFileAtomic } = await import('../../write-file-atomic.ts');
    this.makeDirectory();
    await writeFileAtomic(this.file, text, 0o600);
    this.lines = this.entries.size;
  }

  /** Throws when recording a change failed (the sync itself went on). */
  ensureWritten(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private append(line: SyncEntry | { forget: string }): void {
    if (this.failure !== undefined) return;
    try {
      this.makeDirectory();
      appendFileSync(this.file, `${this.endsMidLine ? '\n' : ''}${JSON.stringify(line)}\n`, { mode: 0o600 });
      this.endsMidLine = false;
      this.lines++;
    } catch (err) {
      this.failure = err;
    }
  }

  private makeDirectory(): void {
    if (this.directoryMade) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    this.directoryMade = true;
  }
}

function parseLine(line: string): SyncEntry | { forget: string } | undefined {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (typeof value.forget === 'string') return { forget: value.forget };
  const valid =
    typeof value.path === 'string' &&
    Number.isFinite(value.size) &&
    Number.isFinite(value.mtimeMs) &&
    (value.status === 'synced' || value.status === 'unconfirmed') &&
    (value.contentVersionId === null || typeof value.contentVersionId === 'string') &&
    (value.sha256 === undefined || typeof value.sha256 === 'string');
  return valid ? (value as unknown as SyncEntry) : undefined;
}
