// Required options: marked in help and `commands --json`, and checked before anything is sent,
// whether the field comes from its flag or from --data.
import { describe, expect, it } from 'vitest';
import { expectUsageError, onlyJson, useHarness } from './harness.ts';

const ID = '8d0f3a52-6c1e-4b7a-9f21-3e5d7c9a0b14';

/** Each row the API would reject without the field, with everything else it needs. */
const MISSING: { argv: string[]; flag: string; field: string }[] = [
  { argv: ['agents', 'create'], flag: '--name', field: 'name' },
  { argv: ['sources', 'create', '--name', 'Feed'], flag: '--type', field: 'source_type' },
  { argv: ['sources', 'create', '--type', 'rss'], flag: '--name', field: 'name' },
  { argv: ['kb', 'create', '--source', ID], flag: '--name', field: 'name' },
  { argv: ['kb', 'create', '--name', 'Docs'], flag: '--source', field: 'source_ids' },
  { argv: ['memory-banks', 'create'], flag: '--name', field: 'name' },
  { argv: ['solutions', 'create'], flag: '--name', field: 'name' },
  { argv: ['sources', 'exports', 'create', ID], flag: '--format', field: 'format' },
  { argv: ['sources', 'exports', 'estimate', ID], flag: '--format', field: 'format' },
  {
    argv: ['sources', 'migration', 'start', ID, '--dimensions', '8'],
    flag: '--model',
    field: 'target_embedding_model',
  },
  {
    argv: ['sources', 'migration', 'start', ID, '--model', 'm'],
    flag: '--dimensions',
    field: 'target_dimensions',
  },
  { argv: ['evals', 'criteria', 'create', ID], flag: '--step-id', field: 'step_id' },
  { argv: ['evals', 'results', 'create', ID, '--status', 'passed'], flag: '--run-id', field: 'agent_run_id' },
  { argv: ['evals', 'results', 'create', ID, '--run-id', ID], flag: '--status', field: 'status' },
  { argv: ['alerts', 'configs', 'create'], flag: '--type', field: 'alert_type' },
  { argv: ['models', 'experiments', 'create', '--prompt', 'hi'], flag: '--model', field: 'model_ids' },
  { argv: ['models', 'experiments', 'create', '--model', 'm1'], flag: '--prompt', field: 'prompt' },
  { argv: ['email', 'domains', 'add', '--domain', 'example.com'], flag: '--kind', field: 'kind' },
  { argv: ['email', 'domains', 'add', '--kind', 'custom'], flag: '--domain', field: 'value' },
  { argv: ['email', 'blocked', 'add'], flag: '--sender', field: 'sender_email' },
  { argv: ['ai', 'feedback', '--rating', 'thumbs_up'], flag: '--feature', field: 'feature' },
  { argv: ['ai', 'feedback', '--feature', 'source'], flag: '--rating', field: 'rating' },
];

describe('required options', () => {
  const h = useHarness();

  it.each(MISSING)('$argv without $flag fails before sending anything', async ({ argv, flag, field }) => {
    const result = await h.cli(argv);
    expectUsageError(result, new RegExp(`^error: ${flag} is required$`));
    expect(result.stderr).toContain(`hint: or give "${field}" in --data`);
    expect(h.sim().requests).toEqual([]);
  });

  it('takes a required field from --data instead of its flag', async () => {
    const result = await h.cli(['agents', 'create', '--data', '{"name":"From data"}', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(onlyJson(result.stdout)).toMatchObject({ name: 'From data' });
    expect(h.sim().requests.map((r) => r.body)).toEqual([{ name: 'From data' }]);
  });

  it('refuses --data that lacks a field only --data can give', async () => {
    const result = await h.cli(['agents', 'preview-import', '--data', '{"other":1}']);
    expectUsageError(result, /^error: --data must have "agent_definition"$/);
    expect(h.sim().requests).toEqual([]);
  });

  it('marks required flags in help', async () => {
    const result = await h.cli(['agents', 'create', '--help']);
    expect(result.code).toBe(0);
    const line = (flag: string) =>
      result.stdout.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? '';
    expect(line('--name')).toContain('(required, or "name" in --data)');
    expect(line('--description')).not.toContain('required');
  });

  it('says which options and arguments are required in commands --json', async () => {
    const result = await h.cli(['commands', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const entries = onlyJson(result.stdout) as {
      path: string;
      arguments: { name: string; required: boolean }[];
      options: { flags: string; required: boolean }[];
    }[];
    const create = entries.find((e) => e.path === 'agents create')!;
    const required = (flags: string) => create.options.find((o) => o.flags === flags)?.required;
    expect(required('--name <name>')).toBe(true);
    expect(required('--description <text>')).toBe(false);
    expect(required('-d, --data <json>')).toBe(false);
    const exports = entries.find((e) => e.path === 'sources exports create')!;
    expect(exports.arguments[0].required).toBe(true);
    expect(exports.options.find((o) => o.flags === '--format <format>')?.required).toBe(true);
  });
});
