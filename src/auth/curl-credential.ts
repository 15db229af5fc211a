// `--dry-run`: the credential the chain picked, as a curl command names it without showing it.
import type { DryRunOptions } from '../http/client.ts';
import { shellQuote } from '../http/dry-run.ts';
import type { ChainPick } from './chain.ts';

/** How a dry run's curl command names the credential the chain picked, without showing it. */
export function curlCredentialFor(pick: ChainPick, profile: string): Omit<DryRunOptions, 'print'> {
  const apiKey = 'X-API-Key: $SECLAI_API_KEY';
  switch (pick.kind) {
    case 'api-key':
      return {
        credential: {
          header: apiKey,
          comment: pick.source === 'flag' ? 'set SECLAI_API_KEY to the key given with --api-key' : undefined,
        },
      };
    case 'stored-key':
      return {
        credential: {
          header: apiKey,
          comment: `set SECLAI_API_KEY to the API key kept in ${pick.storeLabel}`,
        },
      };
    case 'bearer':
      return {
        credential: { header: 'Authorization: Bearer $SECLAI_ACCESS_TOKEN' },
        accountId: pick.accountId,
      };
    case 'sso': {
      const chosen = profile === 'default' ? '' : ` --profile ${shellQuote(profile)}`;
      return {
        credential: { header: `Authorization: Bearer $(seclai${chosen} auth token)` },
        accountId: pick.accountId,
      };
    }
  }
}
