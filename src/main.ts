import { run } from './cli.ts';
import { processContext } from './context.ts';

/** For src/launch.ts: which command a command line runs. */
export { commandPath } from './cli.ts';

/** The binary's entry: a real-process Context, quiet exits on closed pipes, the exit code. */
export async function main(argv: string[]): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  const code = await run(argv, processContext());
  process.stdout.write('', () => process.exit(code));
}
