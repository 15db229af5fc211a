// The per-file result lines that `sources upload` and `sources sync` print above their progress
// bars in the machine formats.
import { tsvCell } from '../../output/format.ts';
import type { TransferProgress } from '../../output/progress.ts';
import { safeForTerminal } from '../../output/terminal-text.ts';
import type { Session } from '../../session.ts';

/**
 * One JSON object a line (fields left undefined are dropped), known secrets masked. Paths, statuses
 * and ids are shown, never obeyed, on a terminal; a pipe gets the JSON as is.
 */
export function jsonResultLine(session: Session, progress: TransferProgress): (result: object) => void {
  return (result) => {
    const json = JSON.stringify(
      Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)),
    );
    progress.log(
      session.io.stdout,
      session.secrets.mask(session.io.isStdoutTTY ? safeForTerminal(json) : json),
    );
  };
}

/** One TSV row: the cells given, cells left undefined dropped, each escaped. */
export function tsvResultLine(
  session: Session,
  progress: TransferProgress,
): (cells: (string | undefined)[]) => void {
  return (cells) =>
    progress.log(
      session.io.stdout,
      cells
        .filter((cell) => cell !== undefined)
        .map(tsvCell)
        .join('\t'),
    );
}
