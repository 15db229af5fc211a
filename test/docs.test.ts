// Completions and the man page: generated from the catalog, checked in, and in sync with it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs, leftoverManPages } from '../scripts/gen-docs.ts';
import { catalog } from '../src/catalog/index.ts';
import { ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../src/cli.ts';
import { SCRIPT_FILES, SHELLS } from '../src/docs/completions.ts';
import { GLOBAL_OPTIONS } from '../src/docs/global-options.ts';
import { runCli } from './helpers/cli.ts';

const root = resolve(import.meta.dirname, '..');
const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('generated docs', () => {
  it('match the checked-in files (run `node scripts/gen-docs.ts` after changing the catalog)', () => {
    for (const [relative, content] of generatedDocs()) {
      expect(readFileSync(join(root, relative), 'utf8'), relative).toBe(content);
    }
  });

  it('gen-docs --check exits 0 when nothing is stale', () => {
    const result = spawnSync(process.execPath, ['scripts/gen-docs.ts', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toContain('up to date');
    expect(result.status).toBe(0);
  });

  it('list the same global options as `seclai --help`', async () => {
    const help = (await runCli(['--help'], { columns: 300 })).stdout;
    const section = help.slice(help.indexOf('Options:'), help.indexOf('Commands:'));
    const fromHelp = [...section.matchAll(/^ {2}((?:-\w, )?--[\w-]+)/gm)].map((m) => m[1]).sort();
    const documented = GLOBAL_OPTIONS.map((o) => o.flags.replace(/ <.*$/, '')).sort();
    expect(documented).toEqual(fromHelp);
  });

  it('the man page lists every environment variable and exit code of `seclai --help`', () => {
    const man = readFileSync(join(root, 'man/seclai.1'), 'utf8');
    const section = (name: string) =>
      man.slice(man.indexOf(`.SH ${name}`), man.indexOf('.SH', man.indexOf(`.SH ${name}`) + 1));
    // Names start a line of the block, several separated by ", "; a meaning may wrap below.
    const variables = [...ENVIRONMENT_HELP.matchAll(/^ {2}([^\s,]+(?:, [^\s,]+)*)/gm)].flatMap((m) =>
      m[1].split(', '),
    );
    expect(variables).toContain('SECLAI_SSO_REGION');
    expect(variables).toContain('NODE_DISABLE_COMPILE_CACHE=1');
    for (const variable of variables)
      expect(section('ENVIRONMENT'), variable).toContain(variable.replace(/-/g, '\\-'));
    for (const [, code] of EXIT_CODES_HELP.matchAll(/^ {2}(\d+) /gm))
      expect(section('EXIT STATUS'), code).toContain(`.B ${code}\n`);
  });
});

describe('seclai completion', () => {
  it('prints each shell script, the same as the checked-in file', async () => {
    const files = generatedDocs();
    expect(SHELLS).toEqual(['bash', 'zsh', 'fish', 'powershell']);
    for (const shell of SHELLS) {
      const result = await runCli(['completion', shell]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(files.get(`completions/${SCRIPT_FILES[shell]}`));
    }
  });

  it('rejects an unknown shell with exit 2', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bash, zsh, fish, powershell');
  });

  it('never loads undici', () => {
    const script = `
      import { registerHooks } from 'node:module';
      registerHooks({ resolve(specifier, context, next) {
        if (specifier.includes('undici')) throw new Error('undici loaded by ' + context.parentURL);
        return next(specifier, context);
      } });
      const { runCli } = await import('./test/helpers/cli.ts');
      const result = await runCli(['completion', 'bash']);
      process.stdout.write(String(result.code) + ' ' + result.stdout.length);
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toMatch(/^0 \d{4,}/);
  });
});

describe.skipIf(!has('bash'))('bash completion', () => {
  /** The completions bash offers for each command line, all asked of one bash process. */
  const completeEach = (lines: string[][]): string[][] => {
    const asks = lines.map(
      (
        words,
      ) => `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=()
_seclai; printf '%s\\n' "\${COMPREPLY[@]}"; echo '\f'`,
    );
    const out = execFileSync('bash', ['-c', ['source completions/seclai.bash', ...asks].join('\n')], {
      cwd: root,
      encoding: 'utf8',
    });
    return out
      .split('\f\n')
      .slice(0, lines.length)
      .map((reply) => reply.split('\n').filter(Boolean));
  };
  const complete = (...words: string[]): string[] => completeEach([words])[0];

  it('completes resources, then verbs, through aliases and global options', () => {
    expect(complete('seclai', '')).toEqual(
      expect.arrayContaining(['agents', 'knowledge-bases', 'memory-banks', 'evals']),
    );
    expect(complete('seclai', 'kn')).toEqual(['knowledge-bases']);
    expect(complete('seclai', 'kb', '')).toEqual(['create', 'delete', 'get', 'list', 'update']);
    expect(complete('seclai', '--profile', 'prod', 'memory', 'ai', '')).toEqual([
      'accept',
      'generate',
      'last',
    ]);
  });

  it("completes a command's flags, then the choices of an enum flag", () => {
    expect(complete('seclai', 'kb', 'list', '--')).toEqual(
      expect.arrayContaining(['--sort', '--order', '--page', '--limit', '--all', '--json', '--profile']),
    );
    expect(complete('seclai', 'kb', 'list', '--order', '')).toEqual(['asc', 'desc']);
    expect(complete('seclai', '-o', '')).toEqual(['table', 'json', 'tsv']);
  });

  it('knows every command of the catalog', () => {
    const byParent = new Map<string, string[]>();
    for (const spec of catalog.filter((s) => !s.hidden)) {
      const parent = spec.path.slice(0, -1).join(' ');
      byParent.set(parent, [...(byParent.get(parent) ?? []), spec.path[spec.path.length - 1]]);
    }
    const parents = [...byParent.keys()];
    const replies = completeEach(
      parents.map((parent) => ['seclai', ...(parent ? parent.split(' ') : []), '']),
    );
    parents.forEach((parent, i) => {
      expect(replies[i], parent).toEqual(expect.arrayContaining(byParent.get(parent)!));
    });
  });
});

describe('man pages per command', () => {
  const visible = catalog.filter((s) => !s.hidden);

  it('one page per command, named as gh names them, listed in package.json for `npm i -g`', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { man: string[] };
    for (const spec of visible) {
      const page = `./man/seclai-${spec.path.join('-')}.1`;
      expect(pkg.man, page).toContain(page);
      const synopsis = `.B seclai ${spec.path.join(' ').replace(/-/g, '\\-')}`;
      expect(readFileSync(join(root, page), 'utf8'), page).toContain(synopsis);
    }
    expect(pkg.man).toHaveLength(visible.length + 1);
  });

  it("a command's page holds its summary, operation, flags and examples", () => {
    const page = readFileSync(join(root, 'man/seclai-agents-run.1'), 'utf8');
    expect(page).toMatch(/^\.TH SECLAI\\-AGENTS\\-RUN 1 /m);
    expect(page).toContain('API: \\fBPOST /agents/{agent_id}/runs');
    expect(page).toContain('\\fB\\-\\-input\\fR \\fI<text>\\fR');
    expect(page).toContain('.SH EXAMPLES');
    expect(page).toContain('seclai(1)');
  });

  it('gen-docs names pages no command makes any more, to delete them', () => {
    const generated = generatedDocs();
    generated.delete('man/seclai-agents-run.1');
    expect(leftoverManPages(generated)).toEqual(['man/seclai-agents-run.1']);
    expect(leftoverManPages(generatedDocs())).toEqual([]);
  });
});

const visible = () => catalog.filter((s) => !s.hidden);

describe('PowerShell completion (structure; pwsh is not installed here)', () => {
  const script = () => generatedDocs().get('completions/seclai.ps1') ?? '';

  it('registers a native argument completer for seclai', () => {
    expect(script()).toMatch(/^Register-ArgumentCompleter -Native -CommandName seclai -ScriptBlock \{$/m);
    expect(script().trimEnd().endsWith('}')).toBe(true);
  });

  it('knows every command, alias and flag of the catalog', () => {
    const text = script();
    for (const spec of visible()) {
      const parent = spec.path.slice(0, -1).join(' ');
      const word = spec.path[spec.path.length - 1];
      expect(text, spec.path.join(' ')).toContain(`,@('${parent}|${word}', '${spec.path.join(' ')}')`);
      for (const alias of spec.aliases ?? []) expect(text).toContain(`,@('${parent}|${alias}', `);
    }
    expect(text).toContain(",@('knowledge-bases list|--order', @('asc', 'desc'))");
    expect(text).toContain(",@('*|--output', @('table', 'json', 'tsv'))");
  });

  it('quotes every string: braces and parentheses balance outside quotes', () => {
    const code = script()
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n')
      .replace(/'(?:[^']|'')*'/g, 'STRING')
      .replace(/"[^"]*"/g, 'STRING');
    expect(code).not.toContain("'");
    for (const [open, close] of [
      ['{', '}'],
      ['(', ')'],
    ])
      expect(code.split(open).length, open).toBe(code.split(close).length);
  });
});

describe('shell syntax', () => {
  it.skipIf(!has('zsh'))('zsh parses the zsh script', () => {
    execFileSync('zsh', ['-n', 'completions/seclai.zsh'], { cwd: root });
  });
  it.skipIf(!has('fish'))('fish parses the fish script', () => {
    execFileSync('fish', ['--no-execute', 'completions/seclai.fish'], { cwd: root });
  });
  it.skipIf(!has('groff'))('groff renders the man pages without warnings', () => {
    for (const page of ['man/seclai.1', 'man/seclai-agents-run.1', 'man/seclai-api.1']) {
      const result = spawnSync('groff', ['-man', '-ww', '-z', page], { cwd: root, encoding: 'utf8' });
      expect(result.stderr, page).toBe('');
    }
  });
});
