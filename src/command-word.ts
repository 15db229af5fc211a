// Where a command line's first command word is. Used before anything else loads: by the
// launcher (src/launch.ts), to pick a code cache, and by cli.ts, to build only that word's
// commands. Imports nothing.

/** The global options that take a value as the next argument. */
const GLOBAL_OPTIONS_WITH_VALUES = new Set([
  '-o',
  '--output',
  '--api-key',
  '--profile',
  '--account-id',
  '--config-dir',
  '--api-version',
  '--timeout',
  '--jq',
]);

/** Where the first command word of a command line is, skipping global options and their values. */
export function firstCommandWordIndex(argv: string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return i + 1 < argv.length ? i + 1 : undefined;
    if (!arg.startsWith('-')) return i;
    if (GLOBAL_OPTIONS_WITH_VALUES.has(arg)) i++;
  }
  return undefined;
}

/** The first command word of a command line, skipping global options and their values. */
export function firstCommandWord(argv: string[]): string | undefined {
  const index = firstCommandWordIndex(argv);
  return index === undefined ? undefined : argv[index];
}
