import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { catalog } from '../../src/catalog/index.ts';
import { isUnchangedSkillFile } from '../../src/commands/skills/content.ts';
import { runCli, useTempHome } from '../helpers/cli.ts';

const home = useTempHome();
let project = '';
beforeEach(() => {
  project = join(home(), 'project');
  mkdirSync(project);
});

const skills = (args: string[]) =>
  runCli(['skills', 'install', ...args], { cwd: project, env: { HOME: home() } });
const skillFile = (folder: string, name = 'SKILL.md') => join(project, folder, name);

describe('seclai skills install', () => {
  it('writes the skill into the folder of each AI tool the project uses', async () => {
    mkdirSync(join(project, '.claude'));
    writeFileSync(join(project, 'GEMINI.md'), '# notes\n');
    const result = await skills(['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { tool: string; action: string; path: string }[];
    expect(new Set(rows.map((r) => r.tool))).toEqual(new Set(['claude', 'gemini']));
    expect(rows.every((r) => r.action === 'created')).toBe(true);
    expect(readdirSync(join(project, '.claude/skills/seclai-cli/references')).sort()).toEqual([
      'evaluations.md',
      'streaming.md',
      'uploads.md',
    ]);
    expect(existsSync(skillFile('.gemini/seclai-cli'))).toBe(true);
    expect(existsSync(join(project, '.cursor'))).toBe(false);
  });

  it('describes the commands this build has, from the catalog', async () => {
    await skills(['--tool', 'claude']);
    const text = readFileSync(skillFile('.claude/skills/seclai-cli'), 'utf8');
    expect(text.startsWith('---\nname: seclai-cli\ndescription: ')).toBe(true);
    for (const spec of catalog.filter((s) => !s.hidden))
      expect(text).toContain(`seclai ${spec.path.join(' ')}`);
    expect(text).toContain('--api-version <date>');
    expect(text).toContain('130  interrupted');
    const streaming = readFileSync(skillFile('.claude/skills/seclai-cli', 'references/streaming.md'), 'utf8');
    expect(streaming).toContain('### `seclai agents run <agent-id>`');
    expect(streaming).toContain('`--stream`');
    const uploads = readFileSync(skillFile('.claude/skills/seclai-cli', 'references/uploads.md'), 'utf8');
    expect(uploads).toContain('seclai sources upload');
    expect(uploads).toContain('--resume');
  });

  it('leaves a file the user changed alone unless --force', async () => {
    await skills(['--tool', 'cursor']);
    const path = skillFile('.cursor/skills/seclai-cli');
    const edited = `${readFileSync(path, 'utf8')}\nOur team always passes --profile ci.\n`;
    writeFileSync(path, edited);

    const again = await skills(['--tool', 'cursor', '--json']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /^warning: kept \.cursor\/skills\/seclai-cli\/SKILL\.md: changed since seclai wrote it \(--force replaces it\)\n$/,
    );
    const actions = Object.fromEntries(
      (JSON.parse(again.stdout) as { path: string; action: string }[]).map((r) => [r.path, r.action]),
    );
    expect(actions['.cursor/skills/seclai-cli/SKILL.md']).toBe('kept');
    expect(actions['.cursor/skills/seclai-cli/references/uploads.md']).toBe('unchanged');
    expect(readFileSync(path, 'utf8')).toBe(edited);

    const forced = await skills(['--tool', 'cursor', '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toContain('--profile ci');
    expect(isUnchangedSkillFile(readFileSync(path, 'utf8'))).toBe(true);
  });

  it('replaces a file an older seclai wrote and nobody changed', async () => {
    await skills(['--tool', 'roo']);
    const path = skillFile('.roo/rules/seclai-cli');
    // What an older build would have written: different text, with a marker that matches it.
    const { createHash } = await import('node:crypto');
    const body = 'old text\n';
    const hash = createHash('sha256').update(body).digest('hex');
    writeFileSync(path, `<!-- seclai-skill: written by seclai 0.0.1 (sha256:${hash}) -->\n${body}`);
    const result = await skills(['--tool', 'roo']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/roo\tupdated\t\.roo\/rules\/seclai-cli\/SKILL\.md/);
    expect(readFileSync(path, 'utf8')).toContain('name: seclai-cli');
  });

  it('installs for every tool with --tool all', async () => {
    const result = await skills(['--tool', 'all', '--json']);
    expect(result.code).toBe(0);
    expect(new Set((JSON.parse(result.stdout) as { tool: string }[]).map((r) => r.tool)).size).toBe(10);
    for (const folder of [
      '.github/copilot/seclai-cli',
      '.kiro/steering/seclai-cli',
      '.clinerules/seclai-cli',
    ])
      expect(existsSync(skillFile(folder))).toBe(true);
  });

  it('refuses, writing nothing, when no tool is found or named, or the folder is missing', async () => {
    const none = await skills([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^error: no AI tool found in .*\nhint: name one: seclai skills install --tool </,
    );
    const badTool = await skills(['--tool', 'vim']);
    expect(badTool.code).toBe(2);
    const missing = await skills(['--tool', 'claude', '--dir', 'nowhere']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: --dir .*nowhere is not a folder\n/);
    expect(readdirSync(project)).toEqual([]);
  });
});
