// sources list --account-id against the simulator, which holds requests to the contract.
import { describe, expect, it } from 'vitest';
import { contractOrNull } from '../catalog/contract-helpers.ts';
import { onlyJson, useHarness } from '../foundation/harness.ts';
import { PERSONAL_ACCOUNT_ID } from '../sim/accounts.ts';
import { seedDemoAccount } from '../sim/demo-account.ts';

describe.skipIf(!contractOrNull())('sources list --account-id', () => {
  const h = useHarness();

  it("lists the caller's sources with its own account id in the query", async () => {
    const demo = seedDemoAccount(h.sim().state);
    const result = await h.cli(['sources', 'list', '--account-id', PERSONAL_ACCOUNT_ID, '--all', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const ids = (onlyJson(result.stdout) as { id: string }[]).map((source) => source.id);
    expect(ids.sort()).toEqual([...demo.sourceIds].sort());
    const request = h.sim().requests.find((r) => r.operation === 'GET /sources');
    expect(request?.query.account_id).toBe(PERSONAL_ACCOUNT_ID);
  });
});
