import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SKILL_TOOLS } from '../../catalog/ai-tools.ts';
import type { Handler } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import { printList } from '../../output/format.ts';
import { VERSION } from '../../version.ts';
import { writeFileAtomic } from '../../write-file-atomic.ts';
import { expandChoices, projectDir } from '../setup-targets.ts';
import { isUnchangedSkillFile, skillFiles } from './content.ts';

type Tool = (typeof SKILL_TOOLS)[number];

/** Where each tool reads skills, and the files whose presence says a project uses the tool. */
const TOOL_FOLDERS: Record<Tool, { folder: string; signs: string[] }> = {
  copilot: {
    folder: '.github/copilot/seclai-cli',
    signs: ['.github/copilot', '.github/copilot-instructions.md'],
  },
  claude: { folder: '.claude/skills/seclai-cli', signs: ['.claude', 'CLAUDE.md'] },
  cursor: { folder: '.cursor/skills/seclai-cli', signs: ['.cursor'] },
  windsurf: { folder: '.windsurf/skills/seclai-cli', signs: ['.windsurf'] },
  codex: { folder: '.codex/skills/seclai-cli', signs: ['.codex', 'AGENTS.md'] },
  kiro: { folder: '.kiro/steering/seclai-cli', signs: ['.kiro'] },
  cline: { folder: '.clinerules/seclai-cli', signs: ['.clinerules'] },
  roo: { folder: '.roo/rules/seclai-cli', signs: ['.roo'] },
  gemini: { folder: '.gemini/seclai-cli', signs: ['.gemini', 'GEMINI.md'] },
  antigravity: { folder: '.antigravity/seclai-cli', signs: ['.antigravity'] },
};

type Action = 'created' | 'updated' | 'unchanged' | 'kept';

/** What to do with one file: a file the user changed is kept unless `force`. */
function decide(path: string, content: string, force: boolean): Action {
  if (!existsSync(path)) return 'created';
  const current = readFileSync(path, 'utf8');
  if (current === content) return 'unchanged';
  return force || isUnchangedSkillFile(current) ? 'updated' : 'kept';
}

export const installSkills: Handler = async (session, { options }) => {
  const dir = projectDir(session, options.dir);
  const chosen = options.tool as string[] | undefined;
  const tools: Tool[] = chosen
    ? expandChoices(chosen, SKILL_TOOLS)
    : SKILL_TOOLS.filter((tool) => TOOL_FOLDERS[tool].signs.some((sign) => existsSync(join(dir, sign))));
  if (tools.length === 0) {
    throw new UsageError(
      `no AI tool found in ${dir} (none of .claude, .cursor, .github/copilot, CLAUDE.md, … exist)`,
      `name one: seclai skills install --tool <${SKILL_TOOLS.join('|')}|all>`,
    );
  }
  const { catalog, groups } = await import('../../catalog/index.ts');
  const files = skillFiles(groups, catalog, VERSION);
  const results: Record<string, string>[] = [];
  for (const tool of tools) {
    const folder = join(dir, TOOL_FOLDERS[tool].folder);
    for (const [name, content] of files) {
      const path = join(folder, name);
      const action = decide(path, content, Boolean(options.force));
      if (action === 'created' || action === 'updated') {
        mkdirSync(join(path, '..'), { recursive: true });
        await writeFileAtomic(path, content, 0o644);
      }
      const shown = relative(session.ctx.cwd, path) || path;
      if (action === 'kept')
        session.note(`warning: kept ${shown}: changed since seclai wrote it (--force replaces it)`);
      results.push({ tool, action, path: shown });
    }
  }
  await printList(session.out, results, results, ['tool', 'action', 'path']);
  return 0;
};
