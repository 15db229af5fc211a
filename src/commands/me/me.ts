import type { Handler } from '../../catalog/types.ts';
import { printJson, printList, printObject } from '../../output/format.ts';

interface MeResponse {
  account_id: string;
  organizations: Record<string, unknown>[];
}

/** `seclai me`: the signed-in account, then the organizations one can switch to with --account-id. */
export const showMe: Handler = async (session) => {
  const client = await session.api();
  const { data } = await client.request<MeResponse>({ method: 'GET', path: '/me' });
  if (session.settings.output === 'json') {
    printJson(session.out, data);
    return 0;
  }
  const credential = await session.credential();
  await printObject(session.out, {
    account_id: data.account_id,
    acting_as: credential.kind === 'bearer' && credential.accountId ? credential.accountId : data.account_id,
    organizations: data.organizations.length,
  });
  if (data.organizations.length > 0) {
    if (session.settings.output === 'table')
      session.out.write('\nOrganizations (switch with --account-id):\n');
    await printList(session.out, data.organizations, data.organizations, ['account_id', 'name', 'id']);
  }
  return 0;
};
