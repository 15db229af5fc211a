import { credentialsFile, KeychainUnavailableError, osKeychain } from '../../auth/keychain.ts';
import { keychainDisabled } from '../../auth/stored-key.ts';
import { AuthError, CliError, UsageError } from '../../errors.ts';
import { ApiError } from '../../http/errors.ts';
import { checkHeaderValue } from '../../http/header-value.ts';
import { printObject } from '../../output/format.ts';
import { readAll } from '../../read-all.ts';
import type { Session } from '../../session.ts';
import { fetchMe } from './profile.ts';

/**
 * `auth login --with-api-key`: the key comes from stdin (or a hidden prompt on a terminal), never
 * from arguments; it is checked with GET /me, then kept in the OS keychain for the profile.
 */
export async function loginWithApiKey(session: Session, opts: { insecureStorage: boolean }): Promise<number> {
  if (session.settings.apiKey !== undefined) {
    throw new UsageError('--with-api-key reads the key from stdin; do not pass it with --api-key');
  }
  const apiKey = await readKey(session);
  let accountId: string;
  try {
    accountId = (await fetchMe(session, { 'x-api-key': apiKey })).account_id;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new AuthError(
        'the API rejected this API key (401); nothing was stored',
        'check the key and try again',
      );
    }
    throw err;
  }

  const { profile, configDir } = session.settings;
  const file = credentialsFile(configDir, session.warn);
  let storedIn: string;
  try {
    if (keychainDisabled(session.ctx.env)) throw new KeychainUnavailableError('SECLAI_NO_KEYCHAIN is set');
    await osKeychain().set(profile, apiKey);
    storedIn = 'the OS keychain';
    // A copy left in the file from an earlier insecure login would only confuse.
    await file.remove(profile);
  } catch (err) {
    if (!(err instanceof KeychainUnavailableError)) throw err;
    if (!opts.insecureStorage) {
      throw new CliError(
        `no usable OS keychain to store the key: ${err.reason}`,
        1,
        `pass --insecure-storage to keep it unencrypted in ${file.label} (mode 0600)`,
      );
    }
    await file.set(profile, apiKey);
    storedIn = file.label;
    session.note(
      `warning: no usable OS keychain (${err.reason}); the key is stored unencrypted in ${file.label}`,
    );
  }
  session.note(`API key for account ${accountId} stored in ${storedIn} for profile "${profile}".`);
  await printObject(session.out, { profile, account_id: accountId, stored_in: storedIn });
  return 0;
}

async function readKey(session: Session): Promise<string> {
  const { io } = session.ctx;
  let text: string;
  if (io.isStdinTTY) {
    if (!session.canPrompt) throw new UsageError('pipe the API key on stdin');
    text = await session.ctx.prompter.password('Seclai API key');
  } else {
    text = await readAll(io.stdin);
  }
  const key = text.trim();
  if (!key) {
    throw new UsageError(
      'no API key on stdin',
      'pipe it in: printf %s "$SECLAI_KEY" | seclai auth login --with-api-key',
    );
  }
  session.secrets.add(key);
  if (/\s/.test(key))
    throw new UsageError('the API key read from stdin contains spaces or more than one line');
  checkHeaderValue(key, 'the API key read from stdin');
  return key;
}
