import { run } from './cli.ts';
import { processContext } from './context.ts';

export { restoreV8Flags } from './v8-flags.ts';

let commandRun = '';

/** For src/launch.ts: the words of the command the last run ran ("" for help or a usage error). */
export function ranCommand(): string {
  return commandRun;
}

/** The binary's entry: a real-process Context, quiet exits on closed pipes, the exit code. */
export async function main(argv: string[]): Promise<void> {
  // Other write failures on stdout are reported by run() (src/output/write-failure.ts); stderr
  // gets its own handler when first used (processContext).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const code = await run(argv, processContext(), {
    onCommand: (path) => {
      commandRun = path;
    },
  });
  process.stdout.write('', () => process.exit(code));
}
