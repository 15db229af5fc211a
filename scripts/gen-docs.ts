// Writes completions/seclai.{bash,zsh,fish,ps1}, man/seclai.1, a man page per command
// (man/seclai-<words>.1) and the "man" list of package.json from the command catalog.
// `node scripts/gen-docs.ts --check` writes nothing and exits 1 when a file is stale.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog, groups } from '../src/catalog/index.ts';
import { ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli.ts';
import { completionScript, SCRIPT_FILES, SHELLS } from '../src/docs/completions.ts';
import { commandManPages, manPage } from '../src/docs/man.ts';
import { VERSION } from '../src/version.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every generated file, relative to the repository root, with its fresh content. */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const shell of SHELLS)
    files.set(`completions/${SCRIPT_FILES[shell]}`, completionScript(shell, groups, catalog));
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
  for (const [file, page] of commandManPages({ groups, catalog, version: VERSION }))
    files.set(`man/${file}`, page);
  files.set('package.json', packageJsonWithManPages([...files.keys()].filter((f) => f.startsWith('man/'))));
  return files;
}

/** package.json with its "man" list naming the given pages, so `npm i -g` installs each one. */
function packageJsonWithManPages(pages: string[]): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  pkg.man = pages.map((page) => `./${page}`);
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Pages in man/ that the catalog no longer makes (a command renamed or removed). */
export function leftoverManPages(generated: Map<string, string>): string[] {
  return readdirSync(join(root, 'man'))
    .map((file) => `man/${file}`)
    .filter((file) => !generated.has(file));
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  const generated = generatedDocs();
  for (const [relative, content] of generated) {
    const file = join(root, relative);
    if (readOrEmpty(file) === content) continue;
    stale.push(relative);
    if (!check) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
  }
  for (const relative of leftoverManPages(generated)) {
    stale.push(relative);
    if (!check) rmSync(join(root, relative));
  }
  if (check && stale.length > 0) {
    process.stderr.write(`stale: ${stale.join(', ')}\nrun: node scripts/gen-docs.ts\n`);
    return 1;
  }
  process.stderr.write(stale.length ? `wrote ${stale.length} file(s)\n` : 'docs are up to date\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  process.exitCode = main(process.argv.slice(2));
