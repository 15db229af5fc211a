import { agentCommands, agentGroups } from './agents.ts';
import { coreCommands } from './core.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Command groups, parents before children. */
export const groups: GroupSpec[] = [...agentGroups];

/** Every command the CLI has: one row each. */
export const catalog: CommandSpec[] = [...coreCommands, ...agentCommands];
