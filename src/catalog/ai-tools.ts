import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

export const SKILL_TOOLS = [
  'copilot',
  'claude',
  'cursor',
  'windsurf',
  'codex',
  'kiro',
  'cline',
  'roo',
  'gemini',
  'antigravity',
] as const;

export const MCP_TARGETS = ['claude-code', 'cursor', 'claude-desktop', 'windsurf'] as const;

export const aiToolGroups: GroupSpec[] = [topLevelGroup('skills'), topLevelGroup('mcp')];

const dirOption = {
  flags: '--dir <path>',
  description: 'project folder to write into (default: the current folder)',
};

export const aiToolCommands: CommandSpec[] = [
  {
    path: ['skills', 'install'],
    summary: "Write skill files describing seclai into AI tools' folders",
    description:
      'Writes SKILL.md and references/{streaming,uploads,evaluations}.md, generated from this ' +
      "CLI's own command catalog, under each tool's folder (e.g. .claude/skills/seclai-cli). " +
      'Without --tool, the tools whose folders (or CLAUDE.md, GEMINI.md, AGENTS.md) exist are ' +
      'chosen. A file changed since seclai wrote it is kept unless --force.',
    options: [
      {
        flags: '--tool <name>',
        description: 'tool to install for (repeatable)',
        type: 'enum',
        choices: [...SKILL_TOOLS, 'all'],
        repeatable: true,
      },
      dirOption,
      { flags: '--force', description: 'replace files you changed', type: 'boolean' },
    ],
    view: 'list',
    columns: ['tool', 'action', 'path'],
    notDryRun: 'writes skill files',
    handler: async () => (await import('../commands/skills/install.ts')).installSkills,
    examples: [
      { command: 'seclai skills install', description: 'for every AI tool found in this folder' },
      { command: 'seclai skills install --tool claude --tool cursor' },
    ],
  },
  {
    path: ['mcp', 'show'],
    summary: 'Print the MCP server entry for an AI tool to paste',
    description:
      'The hosted MCP server is <API base URL>/mcp (streamable HTTP) with an X-API-Key header. ' +
      'The key is a placeholder unless --key is given.',
    options: [{ flags: '--key <key>', description: 'API key to put in the header' }],
    handler: async () => (await import('../commands/mcp/mcp.ts')).showMcp,
    examples: [{ command: 'seclai mcp show' }],
  },
  {
    path: ['mcp', 'configure'],
    summary: "Add the Seclai MCP server to AI tools' config files",
    description:
      'Merges mcpServers.seclai into .mcp.json (claude-code), .cursor/mcp.json (cursor), the Claude ' +
      'desktop config or ~/.codeium/windsurf/mcp_config.json, keeping every other entry. The key ' +
      'comes from --key, else the credential chain (an API key). Files are written atomically with ' +
      'mode 0600; an unparseable file is left untouched and reported.',
    notDryRun: "writes AI tools' config files",
    options: [
      {
        flags: '--target <name>',
        description: 'where to configure (repeatable; default claude-code)',
        type: 'enum',
        choices: [...MCP_TARGETS, 'all'],
        repeatable: true,
      },
      dirOption,
      {
        flags: '--key <key>',
        description: 'API key (default: from --api-key, SECLAI_API_KEY or a stored key)',
      },
    ],
    view: 'list',
    columns: ['target', 'action', 'path'],
    handler: async () => (await import('../commands/mcp/mcp.ts')).configureMcp,
    examples: [
      { command: 'seclai mcp configure', description: 'writes .mcp.json for Claude Code here' },
      { command: 'seclai mcp configure --target cursor --key "$SECLAI_API_KEY"' },
    ],
  },
];
