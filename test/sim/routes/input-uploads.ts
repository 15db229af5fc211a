// Agent run inputs: POST /agents/{id}/upload-input (multipart), GET /agents/{id}/input-uploads/{upload_id}
// (audio and video are "processing" for a few polls, then "ready"), GET /agents/{id}/attachment-references.
import { isoNow, newId } from '../clock.ts';
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { findAgent } from './agents.ts';
import { type ParsedFile, parseMultipart } from './multipart.ts';

export interface StoredInputUpload {
  id: string;
  accountId: string;
  agentId: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  bytes?: Buffer;
  status: 'processing' | 'ready' | 'failed';
  error: string | null;
  /** Status polls still answered `processing`. */
  pollsLeft: number;
  /** Becomes `failed` instead of `ready` when processing ends. */
  willFail: boolean;
  createdAt: string;
}

export interface AttachmentRefs {
  requires_uploads: boolean;
  agent?: { exact_names: string[]; indexes_max: number | null; kinds: string[]; patterns: string[] };
}

export interface InputUploadSettings {
  /** Polls an audio/video upload stays `processing` (default 2). */
  pollsUntilReady: number;
  /** Media uploads end `failed` (transcription error). */
  failMedia: boolean;
}

export function storedInputUploads(state: SimState): Map<string, StoredInputUpload> {
  return state.store<StoredInputUpload>('inputUploads');
}

export function configureInputUploads(state: SimState, settings: Partial<InputUploadSettings>): void {
  state
    .store<InputUploadSettings>('inputUploadSettings')
    .set('settings', { ...inputSettings(state), ...settings });
}

/** What `attachment-references` answers for an agent; `requires_uploads: false` makes uploads fail with 400. */
export function setAttachmentRefs(state: SimState, agentId: string, refs: AttachmentRefs): void {
  state.store<AttachmentRefs>('attachmentRefs').set(agentId, refs);
}

function inputSettings(state: SimState): InputUploadSettings {
  return (
    state.store<InputUploadSettings>('inputUploadSettings').get('settings') ?? {
      pollsUntilReady: 2,
      failMedia: false,
    }
  );
}

function attachmentRefs(state: SimState, agentId: string): AttachmentRefs {
  return (
    state.store<AttachmentRefs>('attachmentRefs').get(agentId) ?? {
      requires_uploads: true,
      agent: { exact_names: [], indexes_max: 0, kinds: ['file'], patterns: [] },
    }
  );
}

export default function registerInputUploadRoutes(router: Router): void {
  router.add('POST', '/agents/{agent_id}/upload-input', uploadInput, { rawBody: true });
  router.add('GET', '/agents/{agent_id}/input-uploads/{upload_id}', inputStatus);
  router.add('GET', '/agents/{agent_id}/attachment-references', (req, res) => {
    const agent = findAgent(req, res);
    if (agent) res.json(200, attachmentRefs(req.state, agent.id));
  });
}

async function uploadInput(req: SimRequest, res: SimResponse): Promise<void> {
  const agent = findAgent(req, res);
  if (!agent) {
    req.raw.resume();
    return;
  }
  if (!attachmentRefs(req.state, agent.id).requires_uploads) {
    req.raw.resume();
    res.error(
      400,
      'agent_does_not_accept_uploads',
      "This agent's definition does not reference any uploaded attachments",
    );
    return;
  }
  const parsed = await parseMultipart(req);
  if (parsed.kind === 'dropped') return;
  if (parsed.kind === 'not-multipart') {
    res.detail(422, [{ loc: ['body'], msg: parsed.message, type: 'value_error' }]);
    return;
  }
  req.record.fields = { ...parsed.fields };
  if (parsed.kind === 'too-large') {
    res.raw.setHeader('connection', 'close');
    res.error(413, 'FILE_TOO_LARGE', 'File exceeds the 200 MB limit');
    return;
  }
  const file: ParsedFile | undefined = parsed.file;
  if (file?.field !== 'file') {
    res.detail(422, [{ loc: ['body', 'file'], msg: 'Field required', type: 'missing' }]);
    return;
  }
  req.record.fields.file = file.filename;
  const media = /^(audio|video)\//.test(file.contentType);
  const settings = inputSettings(req.state);
  const upload: StoredInputUpload = {
    id: newId(),
    accountId: req.account.id,
    agentId: agent.id,
    filename: file.filename,
    contentType: file.contentType,
    size: file.size,
    sha256: file.sha256,
    bytes: file.bytes,
    status: media ? 'processing' : 'ready',
    error: null,
    pollsLeft: media ? settings.pollsUntilReady : 0,
    willFail: media && settings.failMedia,
    createdAt: isoNow(),
  };
  storedInputUploads(req.state).set(upload.id, upload);
  res.json(202, describe(upload));
}

function inputStatus(req: SimRequest, res: SimResponse): void {
  const agent = findAgent(req, res);
  if (!agent) return;
  const upload = storedInputUploads(req.state).get(req.params.upload_id);
  if (!upload || upload.accountId !== req.account.id || upload.agentId !== agent.id) {
    res.detail(404, 'Upload not found');
    return;
  }
  if (upload.status === 'processing') {
    if (upload.pollsLeft > 0) upload.pollsLeft--;
    else if (upload.willFail) {
      upload.status = 'failed';
      upload.error = 'Transcription failed: no audio track';
    } else upload.status = 'ready';
  }
  res.json(200, describe(upload));
}

function describe(upload: StoredInputUpload): Record<string, unknown> {
  return {
    id: upload.id,
    status: upload.status,
    filename: upload.filename,
    content_type: upload.contentType,
    file_size: upload.size,
    error: upload.error,
  };
}
