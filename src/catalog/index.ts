import { agentInputCommands } from './agent-inputs.ts';
import { agentCommands, agentGroups } from './agents.ts';
import { authCommands, authGroups } from './auth.ts';
import { contentGroups, contentUploadCommands } from './contents.ts';
import { coreCommands } from './core.ts';
import { runAttachmentCommands, runBaseGroups } from './run-attachments.ts';
import { sourceGroups, sourceUploadCommands } from './sources.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Command groups, parents before children. */
export const groups: GroupSpec[] = [
  ...agentGroups,
  ...authGroups,
  ...sourceGroups,
  ...contentGroups,
  ...runBaseGroups,
];

/** Every command the CLI has: one row each. */
export const catalog: CommandSpec[] = [
  ...coreCommands,
  ...agentCommands,
  ...agentInputCommands,
  ...runAttachmentCommands,
  ...authCommands,
  ...sourceUploadCommands,
  ...contentUploadCommands,
];
