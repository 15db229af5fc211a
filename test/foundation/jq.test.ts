// --jq: real jq over what a command prints as JSON, compiled before anything is sent.
import { describe, expect, it } from 'vitest';
import { setRunScript } from '../sim/routes/runs.ts';
import { useHarness } from './harness.ts';

describe('--jq', () => {
  const h = useHarness();

  it('filters a list: strings raw, other values as one-line JSON', async () => {
    const triage = h.sim().state.createAgent({ name: 'Support triage' });
    h.sim().state.createAgent({ name: 'Release notes' });
    const ids = await h.cli(['agents', 'list', '--jq', '.[] | select(.name|test("triage")) | .id']);
    expect(ids.code, ids.stderr).toBe(0);
    expect(ids.stdout).toBe(`${triage.id}\n`);
    const objects = await h.cli(['agents', 'list', '--jq', '.[] | {name}']);
    expect(objects.stdout.trimEnd().split('\n').sort()).toEqual([
      '{"name":"Release notes"}',
      '{"name":"Support triage"}',
    ]);
  });

  it('applies to every item --all collected', async () => {
    h.sim().state.seedAgents(7);
    const result = await h.cli(['agents', 'list', '--all', '--limit', '3', '--jq', 'length']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('7\n');
    expect(h.sim().requests).toHaveLength(3);
  });

  it('a syntax error is exit 2 before any request; a runtime error is exit 1 with jq’s words', async () => {
    const syntax = await h.cli(['agents', 'list', '--jq', '.[] | select(']);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toBe(
      'error: --jq: syntax error, unexpected end of file (Unix shell quoting issues?) at <top-level>, line 1\n',
    );
    const secondLine = await h.cli(['agents', 'list', '--jq', '.[]\n| .name(']);
    expect(secondLine.code).toBe(2);
    expect(secondLine.stderr).toMatch(/^error: --jq: syntax error, unexpected '\(', .* line 2\n$/);
    const undefinedFn = await h.cli(['agents', 'list', '--jq', 'nosuchfunction(1)']);
    expect(undefinedFn.code).toBe(2);
    expect(h.sim().requests).toEqual([]);

    h.sim().state.seedAgents(1);
    const runtime = await h.cli(['agents', 'list', '--jq', '.[0].name.x']);
    expect(runtime.code).toBe(1);
    expect(runtime.stderr).toMatch(/^error: --jq: error \(at .*\): Cannot index string with string "x"\n$/);
  });

  it('does not run the expression before the request (a loop would hang there)', async () => {
    h.sim().state.seedAgents(2);
    const result = await h.cli(['agents', 'list', '--jq', 'if length > 100 then repeat(1) else length end']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('2\n');
  });

  it('on a streamed run, applies to each event line as it comes', async () => {
    const agent = h.sim().state.createAgent({ name: 'Streamer' });
    setRunScript(h.sim().state, { tokens: 2, words: ['Hel', 'lo'] }, agent.id);
    const result = await h.cli([
      'agents',
      'run',
      agent.id,
      '--input',
      'hi',
      '--stream',
      '--json',
      '--jq',
      '.event',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trimEnd().split('\n');
    expect(events.filter((e) => e === 'stream_token')).toHaveLength(2);
    expect(events.every((e) => /^[a-z_]+$/.test(e))).toBe(true);
  });

  it('implies --json and refuses another --output', async () => {
    const result = await h.cli(['agents', 'list', '--output', 'tsv', '--jq', '.']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --jq conflicts with --output tsv\n');
  });
});
