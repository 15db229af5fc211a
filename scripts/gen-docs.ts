// Writes completions/seclai.{bash,zsh,fish} and man/seclai.1 from the command catalog.
// `node scripts/gen-docs.ts --check` writes nothing and exits 1 when a file is stale.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog, groups } from '../src/catalog/index.ts';
import { ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli.ts';
import { completionScript, SHELLS } from '../src/docs/completions.ts';
import { manPage } from '../src/docs/man.ts';
import { VERSION } from '../src/version.ts';

/** Every generated file, relative to the repository root, with its fresh content. */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const shell of SHELLS)
    files.set(`completions/seclai.${shell}`, completionScript(shell, groups, catalog));
  files.set(
    'man/seclai.1',
    manPage({
      groups,
      catalog,
      version: VERSION,
      environmentHelp: ENVIRONMENT_HELP,
      exitCodesHelp: EXIT_CODES_HELP,
    }),
  );
  return files;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function main(argv: string[]): number {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const [relative, content] of generatedDocs()) {
    const file = join(root, relative);
    if (readOrEmpty(file) === content) continue;
    stale.push(relative);
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  if (check && stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')}\nrun: node scripts/gen-docs.ts\n`);
    return 1;
  }
  process.stderr.write(stale.length ? `wrote ${stale.join(', ')}\n` : 'docs are up to date\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
