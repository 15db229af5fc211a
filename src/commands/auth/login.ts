import type { HandlerInput } from '../../catalog/types.ts';
import { UsageError } from '../../errors.ts';
import type { Session } from '../../session.ts';
import { loginWithApiKey } from './login-api-key.ts';
import { loginWithBrowser } from './login-sso.ts';

/** `seclai auth login`: SSO through the browser, or `--with-api-key` from stdin. */
export async function login(session: Session, { options }: HandlerInput): Promise<number> {
  if (options.withApiKey)
    return loginWithApiKey(session, { insecureStorage: Boolean(options.insecureStorage) });
  if (options.insecureStorage) throw new UsageError('--insecure-storage only applies with --with-api-key');
  return loginWithBrowser(session, {
    port: Number(options.port ?? 9876),
    openBrowser: options.browser !== false,
  });
}
