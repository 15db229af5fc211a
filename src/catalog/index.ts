import { agentCommands, agentGroups } from './agents.ts';
import { authCommands, authGroups } from './auth.ts';
import { coreCommands } from './core.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Command groups, parents before children. */
export const groups: GroupSpec[] = [...agentGroups, ...authGroups];

/** Every command the CLI has: one row each. */
export const catalog: CommandSpec[] = [...coreCommands, ...agentCommands, ...authCommands];
