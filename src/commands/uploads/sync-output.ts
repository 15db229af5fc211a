import { printJson, printList } from '../../output/format.ts';
import { formatBytes, type TransferProgress } from '../../output/progress.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';
import { jsonResultLine, tsvResultLine } from './result-lines.ts';
import type { PlanItem, SyncAction } from './sync-plan.ts';

/** One action of a sync as printed: a line for people, a TSV row or a JSON object. */
export interface ActionLine {
  action: SyncAction;
  path: string;
  size: number | null;
  content_version_id: string | null;
  /** The API's status (`uploaded`, `processing`, `deleted`...), `failed` or `unconfirmed`. */
  status: string;
  error?: { status?: number; code?: string; message: string };
  /** With --wait: where indexing ended. */
  content_status?: string;
}

export interface SyncTotals {
  add: number;
  replace: number;
  delete: number;
  unchanged: number;
  failed: number;
  unconfirmed: number;
  sentBytes: number;
}

const PLAN_COLUMNS = ['action', 'path', 'size', 'content_version_id'];

/** --dry-run: the plan as a table, TSV rows or one JSON array, and a one-line count on stderr. */
export async function printPlan(session: Session, plan: PlanItem[]): Promise<void> {
  const rows = plan.map(({ action, path, size, content_version_id }) => ({
    action,
    path,
    size,
    content_version_id,
  }));
  await printList(session.out, rows, rows, PLAN_COLUMNS);
  const count = (action: SyncAction) => plan.filter((item) => item.action === action);
  const bytes = (items: PlanItem[]) => formatBytes(items.reduce((sum, item) => sum + (item.size ?? 0), 0));
  const parts = [
    `${count('add').length} to add (${bytes(count('add'))})`,
    `${count('replace').length} to replace (${bytes(count('replace'))})`,
    `${count('delete').length} to delete`,
    `${count('unchanged').length} unchanged`,
  ];
  if (count('unconfirmed').length > 0)
    parts.push(`${count('unconfirmed').length} unconfirmed (not sent again)`);
  session.note(`Plan: ${parts.join(', ')}. Nothing was sent (--dry-run).`);
}

/** Prints each action the way the output format asks, above the progress bars. */
export function actionPrinter(session: Session, progress: TransferProgress): (line: ActionLine) => void {
  switch (session.settings.output) {
    case 'json':
      return jsonResultLine(session, progress);
    case 'tsv': {
      const row = tsvResultLine(session, progress);
      return (line) =>
        row([line.action, line.path, line.status, line.content_version_id ?? '', line.content_status]);
    }
    default:
      return (line) =>
        progress.log(
          session.io.stdout,
          safeForTerminal(
            `${line.action.padEnd(9)} ${line.path}${line.content_version_id ? `  → ${line.content_version_id}` : ''} (${line.status}${line.content_status ? `, indexing ${line.content_status}` : ''})`,
          ),
        );
  }
}

/** The totals: a JSON summary object on stdout with --json, a line on stderr always. */
export function summaryLine(session: Session, totals: SyncTotals, interrupted: boolean): void {
  if (session.settings.output === 'json') {
    printJson(
      { ...session.out, compact: true },
      {
        summary: {
          added: totals.add,
          replaced: totals.replace,
          deleted: totals.delete,
          unchanged: totals.unchanged,
          failed: totals.failed,
          unconfirmed: totals.unconfirmed,
          sent_bytes: totals.sentBytes,
          interrupted,
        },
      },
    );
  }
  const parts = [
    `${totals.add} added`,
    `${totals.replace} replaced`,
    `${totals.delete} deleted`,
    `${totals.unchanged} unchanged`,
  ];
  if (totals.failed > 0) parts.push(`${totals.failed} failed`);
  if (totals.unconfirmed > 0) parts.push(`${totals.unconfirmed} unconfirmed`);
  let text = `${interrupted ? 'Interrupted: ' : ''}Synced: ${parts.join(', ')} (${formatBytes(totals.sentBytes)} sent).`;
  if (interrupted || totals.failed > 0)
    text += '\nRun the same command again to finish: unchanged files are not sent again.';
  session.note(text);
}
