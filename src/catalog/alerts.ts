import { deleteRow, idArg, pageOptions, timeRangeOptions, toggleOptions } from './common.ts';
import { topLevelGroup } from './top-level.ts';
import type { CommandSpec, GroupSpec, OptionSpec } from './types.ts';

export const alertGroups: GroupSpec[] = [
  topLevelGroup('alerts'),
  {
    path: ['alerts', 'configs'],
    noun: 'alert config',
    aliases: ['config'],
    summary: 'What raises alerts, and who hears about them',
  },
  {
    path: ['alerts', 'prefs'],
    noun: 'alert preference',
    aliases: ['preferences'],
    summary: "An organization's alert delivery preferences",
  },
];

const alertId = idArg('alert-id', 'alert_id', 'alert');
const configId = idArg('config-id', 'config_id', 'alert config');
const columns = ['id', 'alert_type', 'status', 'title', 'comment_count', 'created_at'];
const detailColumns = ['alert', 'comments', 'history', 'subscribers'];
const configColumns = [
  'id',
  'alert_type',
  'enabled',
  'distribution_type',
  'cooldown_minutes',
  'agent_id',
  'source_connection_id',
];

/** Delivery settings create and update share. */
const deliveryOptions: OptionSpec[] = [
  {
    flags: '--cooldown <minutes>',
    description: 'quiet period after an alert, in minutes',
    type: 'int',
    min: 0,
    body: 'cooldown_minutes',
  },
  {
    flags: '--distribution <type>',
    description: 'who is told',
    type: 'enum',
    choices: ['owner', 'owner_admins', 'selected_members'],
    body: 'distribution_type',
  },
  {
    flags: '--recipient <user-id>',
    description: 'a member to tell, with selected_members (repeatable)',
    body: 'recipient_user_ids',
    repeatable: true,
  },
  {
    flags: '--threshold <json>',
    description: 'threshold settings as a JSON object',
    type: 'json',
    body: 'threshold',
  },
];

function alertAction(verb: string, summary: string): CommandSpec {
  return {
    path: ['alerts', verb],
    summary,
    operation: `POST /alerts/{alert_id}/${verb}`,
    args: [alertId],
    view: 'object',
    columns: detailColumns,
    examples: [{ command: `seclai alerts ${verb} 1c9e…` }],
  };
}

export const alertCommands: CommandSpec[] = [
  {
    path: ['alerts', 'list'],
    aliases: ['ls'],
    summary: 'List alerts',
    operation: 'GET /alerts',
    options: [
      { flags: '--status <status>', description: 'only alerts in this status', query: 'status' },
      {
        flags: '--agent <agent-id>',
        alias: '--agent-id',
        description: "only this agent's alerts",
        query: 'agent_id',
      },
      {
        flags: '--source <source-id>',
        description: "only this source's alerts",
        query: 'source_connection_id',
      },
      ...timeRangeOptions(),
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns,
    examples: [{ command: 'seclai alerts list --status open --from 2026-01-01T00:00:00Z' }],
  },
  {
    path: ['alerts', 'get'],
    aliases: ['show'],
    summary: 'Show an alert with its comments, history and subscribers',
    operation: 'GET /alerts/{alert_id}',
    args: [alertId],
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai alerts get 1c9e…' }],
  },
  {
    path: ['alerts', 'status'],
    summary: "Change an alert's status",
    operation: 'POST /alerts/{alert_id}/status',
    args: [alertId],
    options: [
      {
        flags: '--status <status>',
        description: 'the new status, e.g. acknowledged or resolved',
        body: 'status',
        required: true,
      },
      { flags: '--note <text>', description: 'why', body: 'note' },
    ],
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai alerts status 1c9e… --status resolved --note "fixed the feed URL"' }],
  },
  {
    path: ['alerts', 'comment'],
    summary: 'Comment on an alert',
    operation: 'POST /alerts/{alert_id}/comments',
    args: [alertId],
    options: [{ flags: '-m, --message <text>', description: 'the comment', body: 'body', required: true }],
    view: 'object',
    columns: detailColumns,
    examples: [{ command: 'seclai alerts comment 1c9e… -m "Looking into it"' }],
  },
  alertAction('subscribe', 'Get notified about an alert'),
  alertAction('unsubscribe', 'Stop notifications about an alert'),
  {
    path: ['alerts', 'configs', 'list'],
    aliases: ['ls'],
    summary: 'List alert configs',
    operation: 'GET /alerts/configs',
    options: [
      {
        flags: '--agent <agent-id>',
        alias: '--agent-id',
        description: "only this agent's configs",
        query: 'agent_id',
      },
      {
        flags: '--source <source-id>',
        description: "only this source's configs",
        query: 'source_connection_id',
      },
      { flags: '--scope <scope>', description: 'source: account-level source alert configs', query: 'scope' },
      ...pageOptions(),
    ],
    paginate: 'page',
    view: 'list',
    columns: configColumns,
    examples: [{ command: 'seclai alerts configs list --agent 3f1a…' }],
  },
  {
    path: ['alerts', 'configs', 'get'],
    aliases: ['show'],
    summary: 'Show one alert config',
    operation: 'GET /alerts/configs/{config_id}',
    args: [configId],
    view: 'object',
    columns: configColumns,
    examples: [{ command: 'seclai alerts configs get 6f3b…' }],
  },
  {
    path: ['alerts', 'configs', 'create'],
    summary: 'Create an alert config',
    operation: 'POST /alerts/configs',
    options: [
      { flags: '--type <alert-type>', description: 'what to alert on', body: 'alert_type', required: true },
      { flags: '--agent <agent-id>', alias: '--agent-id', description: 'watch this agent', body: 'agent_id' },
      { flags: '--source <source-id>', description: 'watch this source', body: 'source_connection_id' },
      ...deliveryOptions,
      ...toggleOptions(
        'enabled',
        { body: 'enabled' },
        'create it switched on (default)',
        'create it switched off',
      ),
    ],
    data: true,
    view: 'object',
    columns: configColumns,
    examples: [{ command: 'seclai alerts configs create --type run_failed --agent 3f1a… --cooldown 30' }],
  },
  {
    path: ['alerts', 'configs', 'update'],
    aliases: ['edit'],
    summary: 'Change an alert config',
    operation: 'PATCH /alerts/configs/{config_id}',
    args: [configId],
    options: [
      ...deliveryOptions,
      ...toggleOptions('enabled', { body: 'enabled' }, 'switch it on', 'switch it off'),
    ],
    data: 'required',
    view: 'object',
    columns: configColumns,
    examples: [{ command: 'seclai alerts configs update 6f3b… --no-enabled' }],
  },
  deleteRow(
    ['alerts', 'configs', 'delete'],
    'alert config',
    'DELETE /alerts/configs/{config_id}',
    [configId],
    'seclai alerts configs delete 6f3b… --yes',
  ),
  {
    path: ['alerts', 'prefs', 'list'],
    aliases: ['ls'],
    summary: "List an organization's alert delivery preferences",
    operation: 'GET /alerts/organization-preferences/list',
    options: [
      {
        flags: '--organization <uuid>',
        description: 'the organization (default: yours)',
        query: 'organization_id',
      },
      {
        flags: '--include-defaults',
        description: 'also list alert types left at their default',
        type: 'boolean',
        query: 'include_defaults',
      },
    ],
    view: 'list',
    columns: ['organization_id', 'alert_type', 'subscribed', 'is_override'],
    examples: [{ command: 'seclai alerts prefs list --include-defaults' }],
  },
  {
    path: ['alerts', 'prefs', 'update'],
    aliases: ['set'],
    summary: "Turn one alert type's delivery on or off for an organization",
    operation: 'PATCH /alerts/organization-preferences/{organization_id}/{alert_type}',
    args: [
      idArg('organization-id', 'organization_id', 'organization'),
      { name: 'alert-type', param: 'alert_type', description: 'the alert type' },
    ],
    options: toggleOptions(
      'subscribed',
      { body: 'subscribed' },
      'deliver this alert type',
      'stop delivering it',
    ).map((option) => ({ ...option, required: true })),
    view: 'object',
    columns: ['organization_id', 'alert_type', 'subscribed', 'is_override'],
    examples: [{ command: 'seclai alerts prefs update 2b6d… run_failed --no-subscribed' }],
  },
];
