// `seclai commands --json` reaches every contract operation, the 2026-10 ones included.
import { describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { runCli, tempHome } from '../helpers/cli.ts';

const contract = contractOrNull();

describe.skipIf(!contract)('seclai commands --json', () => {
  it('lists a command for each of the contract operations, and each 2026-10 one by its command', async () => {
    const home = tempHome();
    try {
      const result = await runCli(['commands', '--json'], { env: { HOME: home.home } });
      expect(result.code, result.stderr).toBe(0);
      const entries = JSON.parse(result.stdout) as { path: string; operation?: string }[];
      const reached = new Set(entries.map((entry) => entry.operation));
      expect([...contract!.operations.keys()].filter((key) => !reached.has(key))).toEqual([]);
      expect(contract!.operations.size).toBeGreaterThanOrEqual(176);
      const byOperation = Object.fromEntries(entries.map((entry) => [entry.operation, entry.path]));
      expect(byOperation).toMatchObject({
        'GET /cloud-drives/providers': 'cloud-drives providers',
        'PATCH /cloud-drives/{connection_id}': 'cloud-drives update',
        'POST /cloud-drives/{connection_id}/disconnect': 'cloud-drives disconnect',
        'GET /sources/{source_connection_id}/contents': 'sources contents list',
        'GET /sources/{source_connection_id}/contents/{content_version_id}': 'sources contents status',
        'GET /models/embedders': 'models embedders',
        'GET /models/rerankers': 'models rerankers',
      });
    } finally {
      home.cleanup();
    }
  });
});
