// Content uploads: POST /sources/{id}/upload (multipart), POST /sources/{id} (inline text),
// POST /contents/{version}/upload (multipart replace), PUT /contents/{version} (inline text replace).
// Registering this module also registers the other file routes: run inputs, export and attachment downloads.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isoNow, newId } from '../clock.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import registerAttachmentRoutes from './attachments.ts';
import registerExportRoutes from './exports.ts';
import registerInputUploadRoutes from './input-uploads.ts';
import { type ParsedFile, parseMultipart } from './multipart.ts';

/** One stored content version, as the simulator keeps it for tests. */
export interface StoredContent {
  id: string;
  accountId: string;
  sourceId: string;
  filename: string;
  /** The file part's Content-Type (or the inline text's `content_type`). */
  contentType: string;
  title: string | null;
  metadata: Record<string, unknown> | null;
  size: number;
  sha256: string;
  /** The bytes, for files up to 8 MiB and inline text. */
  bytes?: Buffer;
  /** How many times the content was replaced. */
  replacements: number;
  createdAt: string;
  updatedAt: string;
}

/** Stored content versions by id. */
export function storedContents(state: SimState): Map<string, StoredContent> {
  return state.store<StoredContent>('contentVersions');
}

/** Adds a content version directly (for replace tests). */
export function seedContent(
  state: SimState,
  fields: Partial<StoredContent> & { sourceId: string },
  accountId = state.personalAccountId,
): StoredContent {
  const bytes = fields.bytes ?? Buffer.from('seeded content\n');
  const now = isoNow();
  const content: StoredContent = {
    id: newId(),
    accountId,
    filename: 'seed.txt',
    contentType: 'text/plain',
    title: null,
    metadata: null,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    replacements: 0,
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  storedContents(state).set(content.id, content);
  return content;
}

/** How many multipart uploads were being received at once: now, and at most since the last reset. */
export interface UploadConcurrency {
  active: number;
  peak: number;
}

export function uploadConcurrency(state: SimState): UploadConcurrency {
  const store = state.store<UploadConcurrency>('uploadConcurrency');
  let stats = store.get('stats');
  if (!stats) {
    stats = { active: 0, peak: 0 };
    store.set('stats', stats);
  }
  return stats;
}

export default function registerUploadRoutes(router: Router): void {
  router.add('POST', '/sources/{source_connection_id}/upload', uploadToSource, { rawBody: true });
  router.add('POST', '/sources/{source_connection_id}', inlineTextToSource);
  router.add('POST', '/contents/{source_connection_content_version}/upload', replaceWithFile, {
    rawBody: true,
  });
  router.add('PUT', '/contents/{source_connection_content_version}', replaceWithText);
  registerInputUploadRoutes(router);
  registerExportRoutes(router);
  registerAttachmentRoutes(router);
}

async function uploadToSource(req: SimRequest, res: SimResponse): Promise<void> {
  const upload = await receiveFile(req, res);
  if (!upload) return;
  const sourceId = req.params.source_connection_id;
  const { file, title, metadata } = upload;
  const contents = storedContents(req.state);
  const duplicate = [...contents.values()].find(
    (c) => c.accountId === req.account.id && c.sourceId === sourceId && c.sha256 === file.sha256,
  );
  if (duplicate) {
    res.json(200, {
      content_version_id: null,
      source_connection_content_version_id: duplicate.id,
      filename: file.filename,
      status: 'duplicate',
      embedder_warning: null,
    });
    return;
  }
  const stored = seedContent(
    req.state,
    {
      sourceId,
      filename: file.filename,
      contentType: file.contentType,
      title,
      metadata,
      size: file.size,
      sha256: file.sha256,
      bytes: file.bytes,
    },
    req.account.id,
  );
  res.json(200, {
    content_version_id: stored.id,
    source_connection_content_version_id: null,
    filename: file.filename,
    status: 'uploaded',
    embedder_warning: null,
  });
}

async function replaceWithFile(req: SimRequest, res: SimResponse): Promise<void> {
  const content = findContent(req, res);
  if (!content) {
    req.raw.resume();
    return;
  }
  const upload = await receiveFile(req, res);
  if (!upload) return;
  Object.assign(content, {
    filename: upload.file.filename,
    contentType: upload.file.contentType,
    title: upload.title ?? content.title,
    metadata: upload.metadata ?? content.metadata,
    size: upload.file.size,
    sha256: upload.file.sha256,
    bytes: upload.file.bytes,
    replacements: content.replacements + 1,
    updatedAt: isoNow(),
  });
  res.json(200, {
    content_version_id: content.id,
    source_connection_content_version_id: content.id,
    filename: upload.file.filename,
    status: 'uploaded',
  });
}

interface InlineTextBody {
  text: string;
  title?: string | null;
  metadata?: Record<string, unknown> | null;
  content_type?: string | null;
}

function inlineTextToSource(req: SimRequest, res: SimResponse): void {
  const body = req.body as InlineTextBody;
  const bytes = Buffer.from(body.text, 'utf8');
  const stored = seedContent(
    req.state,
    {
      sourceId: req.params.source_connection_id,
      filename: `${slug(body.title ?? 'text')}.txt`,
      contentType: body.content_type ?? 'text/plain',
      title: body.title ?? null,
      metadata: body.metadata ?? null,
      bytes,
    },
    req.account.id,
  );
  res.json(200, {
    content_version_id: stored.id,
    source_connection_content_version_id: null,
    filename: stored.filename,
    status: 'uploaded',
    embedder_warning: null,
  });
}

function replaceWithText(req: SimRequest, res: SimResponse): void {
  const content = findContent(req, res);
  if (!content) return;
  const body = req.body as InlineTextBody;
  const bytes = Buffer.from(body.text, 'utf8');
  Object.assign(content, {
    contentType: body.content_type ?? 'text/plain',
    title: body.title ?? content.title,
    metadata: body.metadata ?? content.metadata,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    bytes,
    replacements: content.replacements + 1,
    updatedAt: isoNow(),
  });
  res.json(200, {
    content_version_id: content.id,
    source_connection_content_version_id: content.id,
    filename: content.filename,
    status: 'uploaded',
  });
}

function findContent(req: SimRequest, res: SimResponse): StoredContent | undefined {
  const content = storedContents(req.state).get(req.params.source_connection_content_version);
  if (!content || content.accountId !== req.account.id) {
    res.detail(404, 'Content not found');
    return undefined;
  }
  return content;
}

interface ReceivedFile {
  file: ParsedFile;
  title: string | null;
  metadata: Record<string, unknown> | null;
}

/**
 * Reads a content upload (`file`, `title`, `metadata`), answering the errors itself: 413 over the
 * size limit, 422 without a file or with metadata that is not a JSON object. Records the fields.
 */
export async function receiveFile(req: SimRequest, res: SimResponse): Promise<ReceivedFile | undefined> {
  const stats = uploadConcurrency(req.state);
  stats.active++;
  stats.peak = Math.max(stats.peak, stats.active);
  let parsed: Awaited<ReturnType<typeof parseMultipart>>;
  try {
    parsed = await parseMultipart(req);
    const delay = req.state.store<number>('uploadSettings').get('answerDelayMs');
    if (delay) await sleep(delay);
  } finally {
    stats.active--;
  }
  if (parsed.kind === 'dropped') return undefined;
  if (parsed.kind === 'not-multipart') {
    res.detail(422, [{ loc: ['body'], msg: parsed.message, type: 'value_error' }]);
    return undefined;
  }
  req.record.fields = { ...parsed.fields };
  if (parsed.kind === 'too-large') {
    res.raw.setHeader('connection', 'close');
    res.error(413, 'FILE_TOO_LARGE', 'File exceeds the maximum size of 209715200 bytes');
    return undefined;
  }
  const file = parsed.file;
  if (file?.field !== 'file') {
    res.detail(422, [{ loc: ['body', 'file'], msg: 'Field required', type: 'missing' }]);
    return undefined;
  }
  req.record.fields.file = file.filename;
  let metadata: Record<string, unknown> | null = null;
  if (parsed.fields.metadata !== undefined && parsed.fields.metadata !== '') {
    try {
      const value: unknown = JSON.parse(parsed.fields.metadata);
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new Error('not an object');
      metadata = value as Record<string, unknown>;
    } catch {
      res.detail(422, [
        { loc: ['body', 'metadata'], msg: 'metadata must be a JSON object', type: 'value_error' },
      ]);
      return undefined;
    }
  }
  const title = parsed.fields.title ?? null;
  if (title !== null && metadata?.title === undefined) metadata = { ...metadata, title };
  return { file, title, metadata };
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'text'
  );
}
