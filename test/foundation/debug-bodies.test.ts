// --debug shows what each request sends: JSON bodies pretty with secrets redacted and long ones
// cut, multipart bodies as a summary without the file's bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answer, useHostileCli } from '../helpers/hostile.ts';
import { useHarness } from './harness.ts';

const KEY = 'sk-debug-body-key-0042';

describe('--debug request bodies', () => {
  const { server, cli } = useHostileCli({ SECLAI_API_KEY: KEY });

  it('a JSON body is shown pretty, its secret fields and the known key masked', async () => {
    server().handle(answer(200, { ok: true }));
    const data = { name: 'Weekly', password: 'hunter2-is-long', nested: { note: `uses ${KEY}` } };
    const result = await cli(['--debug', 'api', 'POST', '/agents', '--data', JSON.stringify(data)]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(server().requests[0].body.toString())).toEqual(data);
    expect(result.stderr).toContain(
      [
        '[debug]   body:',
        '[debug]     {',
        '[debug]       "name": "Weekly",',
        '[debug]       "password": "[redacted]",',
        '[debug]       "nested": {',
        '[debug]         "note": "uses ***"',
        '[debug]       }',
        '[debug]     }',
      ].join('\n'),
    );
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stdout + result.stderr).not.toContain(KEY);
  });

  it('a long body is cut at 2 KiB, saying how much more there was', async () => {
    server().handle(answer(200, { ok: true }));
    const text = 'é'.repeat(3000);
    const result = await cli(['--debug', 'api', 'POST', '/agents', '--data', JSON.stringify({ text })]);
    expect(result.code, result.stderr).toBe(0);
    const shown = result.stderr.split('\n').find((line) => line.includes('"text"')) ?? '';
    expect(shown).toMatch(/"text": "é+… \(\d+ more bytes\)$/);
    const more = Number(/\((\d+) more bytes\)/.exec(shown)?.[1]);
    const full = Buffer.byteLength(JSON.stringify({ text }, null, 2));
    expect(full - more).toBeLessThanOrEqual(2048);
    expect(full - more).toBeGreaterThan(2040);
  });

  it('a request without a body shows none', async () => {
    server().handle(answer(200, []));
    const result = await cli(['--debug', 'api', 'GET', '/agents']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('body:');
  });
});

describe('--debug upload bodies', () => {
  const h = useHarness();

  it('a multipart body is summarised by field names and the file, never its bytes', async () => {
    const file = join(h.home(), 'secret-plans.txt');
    writeFileSync(file, 'THE-FILE-CONTENT-NEVER-SHOWN\n');
    const result = await h.cli([
      '--debug',
      'sources',
      'upload',
      '7b2e0c4d-5f61-4a7e-9d3b-2c8f1e6a9b00',
      file,
      '--title',
      'Plans',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      '[debug]     multipart/form-data: title=…, file="secret-plans.txt" (text/plain, 29 bytes)',
    );
    expect(result.stderr).not.toContain('THE-FILE-CONTENT');
    expect(result.stderr).not.toContain('Plans');
  });
});
