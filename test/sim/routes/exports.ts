// Export files: GET /sources/{id}/exports/{export_id}/download streams a finished export (409 while it
// is being made, 410 once expired). Seed files with `seedExportFile`; the exports CRUD lives elsewhere.
import type { Router, SimRequest, SimResponse } from '../router.ts';
import type { SimState } from '../state.ts';
import { streamFile } from './attachments.ts';

export interface ExportFile {
  sourceId: string;
  accountId: string;
  status: 'pending' | 'processing' | 'completed' | 'expired';
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** Drop the connection after this many bytes of the body (a download that breaks). */
  dropAfterBytes?: number;
}

/** Export files by export id. */
export function exportFiles(state: SimState): Map<string, ExportFile> {
  return state.store<ExportFile>('exportFiles');
}

export function seedExportFile(
  state: SimState,
  exportId: string,
  fields: Partial<ExportFile> & { sourceId: string; bytes: Buffer },
): ExportFile {
  const file: ExportFile = {
    accountId: state.personalAccountId,
    status: 'completed',
    filename: `export-${exportId.slice(0, 8)}.jsonl`,
    contentType: 'application/x-ndjson',
    ...fields,
  };
  exportFiles(state).set(exportId, file);
  return file;
}

export default function registerExportRoutes(router: Router): void {
  router.add('GET', '/sources/{source_connection_id}/exports/{export_id}/download', download);
}

function download(req: SimRequest, res: SimResponse): void {
  const file = exportFiles(req.state).get(req.params.export_id);
  if (!file || file.accountId !== req.account.id || file.sourceId !== req.params.source_connection_id) {
    res.detail(404, 'Export not found');
    return;
  }
  if (file.status === 'expired') {
    res.detail(410, 'Export has expired');
    return;
  }
  if (file.status !== 'completed') {
    res.detail(409, `Export is not completed (status: ${file.status})`);
    return;
  }
  streamFile(res, file);
}
