import { EventRunView, FinalJsonRunView, type RunView, TextRunView } from '../../output/run-view.ts';
import type { Session } from '../../session.ts';

/**
 * The view for following a run: with --json, NDJSON events while streaming (`events`) or the
 * finished run (`final`); otherwise text on stdout with a spinner on a terminal.
 */
export async function createRunView(
  session: Session,
  json: 'events' | 'final',
  keepEvent?: (name: string) => boolean,
): Promise<RunView> {
  const { stdout, stderr, isStdoutTTY } = session.io;
  if (session.settings.output === 'json')
    return json === 'events'
      ? new EventRunView(stdout, stderr, isStdoutTTY, keepEvent)
      : new FinalJsonRunView(session.out, stderr);
  const view = new TextRunView({
    stdout,
    stderr,
    stdoutTTY: isStdoutTTY,
    stderrTTY: session.io.isStderrTTY,
    spinner: session.showProgress,
    color: session.settings.color && session.io.isStderrTTY,
    now: () => session.ctx.clock.now(),
  });
  await view.start();
  return view;
}
