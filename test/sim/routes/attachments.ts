// Run attachments: GET /v2/agent-runs/{run_id}/attachments/{attachment_id} streams a file a run emitted.
// Seed them with `seedRunAttachment`; every lookup failure is one 404, as the API does.
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';

export interface RunAttachment {
  accountId: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  dropAfterBytes?: number;
}

/** Attachments by `<run id>/<attachment id>`. */
export function runAttachments(state: SimState): Map<string, RunAttachment> {
  return state.store<RunAttachment>('runAttachments');
}

export function seedRunAttachment(
  state: SimState,
  runId: string,
  attachmentId: string,
  fields: Partial<RunAttachment> & { bytes: Buffer },
): RunAttachment {
  const attachment: RunAttachment = {
    accountId: state.personalAccountId,
    filename: 'attachment.bin',
    contentType: 'application/octet-stream',
    ...fields,
  };
  runAttachments(state).set(`${runId}/${attachmentId}`, attachment);
  return attachment;
}

export default function registerAttachmentRoutes(router: Router): void {
  router.add(
    'GET',
    '/v2/agent-runs/{run_id}/attachments/{attachment_id}',
    (req: SimRequest, res: SimResponse) => {
      const attachment = runAttachments(req.state).get(`${req.params.run_id}/${req.params.attachment_id}`);
      if (!attachment || attachment.accountId !== req.account.id) {
        res.detail(404, 'Attachment not found');
        return;
      }
      const name =
        typeof req.query.download_name === 'string' ? req.query.download_name : attachment.filename;
      streamFile(res, { ...attachment, filename: name });
    },
  );
}

/** Streams a file in chunks with its length and name; `dropAfterBytes` breaks the connection part way. */
export function streamFile(
  res: SimResponse,
  file: { filename: string; contentType: string; bytes: Buffer; dropAfterBytes?: number },
): void {
  const out = res.stream(200, {
    'content-type': file.contentType,
    'content-length': String(file.bytes.length),
    'content-disposition': `attachment; filename="${file.filename.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  });
  const end = file.dropAfterBytes ?? file.bytes.length;
  const chunk = 64 * 1024;
  let offset = 0;
  const pump = () => {
    while (offset < end) {
      const next = Math.min(end, offset + chunk);
      const ok = out.write(file.bytes.subarray(offset, next));
      offset = next;
      if (!ok) {
        out.once('drain', pump);
        return;
      }
    }
    if (file.dropAfterBytes !== undefined) setImmediate(() => out.socket?.destroy());
    else out.end();
  };
  pump();
}
