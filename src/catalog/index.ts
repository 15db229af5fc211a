import { agentInputCommands } from './agent-inputs.ts';
import { agentCommands, agentGroups } from './agents.ts';
import { agentExtraCommands, agentExtraGroups } from './agents-extra.ts';
import { aiCommands, aiGroups } from './ai.ts';
import { aiToolCommands, aiToolGroups } from './ai-tools.ts';
import { alertCommands, alertGroups } from './alerts.ts';
import { apiVersionCommands, apiVersionGroups } from './api-version.ts';
import { authCommands, authGroups } from './auth.ts';
import { cloudDriveCommands, cloudDriveGroups } from './cloud-drives.ts';
import { completionCommands } from './completion.ts';
import { contentGroups, contentUploadCommands } from './contents.ts';
import { contentManageCommands } from './contents-manage.ts';
import { coreCommands } from './core.ts';
import { emailCommands, emailGroups } from './email.ts';
import { evaluationCommands, evaluationGroups } from './evaluations.ts';
import { governanceCommands, governanceGroups } from './governance.ts';
import { knowledgeBaseCommands, knowledgeBaseGroups } from './knowledge-bases.ts';
import { memoryBankCommands, memoryBankGroups } from './memory-banks.ts';
import { modelCatalogCommands } from './model-catalogs.ts';
import { modelCommands, modelGroups } from './models.ts';
import { runAttachmentCommands } from './run-attachments.ts';
import { runCommands, runGroups } from './runs.ts';
import { searchCommands, searchGroups } from './search.ts';
import { solutionCommands, solutionGroups } from './solutions.ts';
import { sourceContentCommands, sourceContentGroups } from './source-contents.ts';
import { sourceGroups, sourceUploadCommands } from './sources.ts';
import { sourceManageCommands, sourceManageGroups } from './sources-manage.ts';
import type { CommandSpec, GroupSpec } from './types.ts';

/** Command groups, parents before children. */
export const groups: GroupSpec[] = [
  ...agentGroups,
  ...runGroups,
  ...agentExtraGroups,
  ...authGroups,
  ...sourceGroups,
  ...sourceManageGroups,
  ...sourceContentGroups,
  ...cloudDriveGroups,
  ...contentGroups,
  ...knowledgeBaseGroups,
  ...memoryBankGroups,
  ...evaluationGroups,
  ...solutionGroups,
  ...governanceGroups,
  ...alertGroups,
  ...modelGroups,
  ...emailGroups,
  ...aiGroups,
  ...searchGroups,
  ...apiVersionGroups,
  ...aiToolGroups,
];

/** Every command the CLI has: one row each. */
export const catalog: CommandSpec[] = [
  ...coreCommands,
  ...completionCommands,
  ...agentCommands,
  ...agentExtraCommands,
  ...runCommands,
  ...agentInputCommands,
  ...runAttachmentCommands,
  ...authCommands,
  ...sourceManageCommands,
  ...sourceUploadCommands,
  ...sourceContentCommands,
  ...cloudDriveCommands,
  ...contentManageCommands,
  ...contentUploadCommands,
  ...knowledgeBaseCommands,
  ...memoryBankCommands,
  ...evaluationCommands,
  ...solutionCommands,
  ...governanceCommands,
  ...alertCommands,
  ...modelCommands,
  ...modelCatalogCommands,
  ...emailCommands,
  ...aiCommands,
  ...searchCommands,
  ...apiVersionCommands,
  ...aiToolCommands,
];
