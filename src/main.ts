import { run } from './cli.ts';
import { processContext } from './context.ts';

export { restoreV8Flags } from './v8-flags.ts';

let commandRun = '';

/** For src/launch.ts: the words of the command the last run ran ("" for help or a usage error). */
export function ranCommand(): string {
  return commandRun;
}

/** The binary's entry: a real-process Context (which ends quietly on a closed pipe), the exit code. */
export async function main(argv: string[]): Promise<void> {
  const code = await run(argv, processContext(), {
    onCommand: (path) => {
      commandRun = path;
    },
    processEnds: true,
  });
  process.stdout.write('', () => process.exit(code));
}
