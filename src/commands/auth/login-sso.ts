import { createInterface } from 'node:readline';
import { updateProfile } from '../../auth/config-write.ts';
import { formatDuration, parsePastedRedirect, startLoginServer } from '../../auth/login-server.ts';
import { authorizeUrl, exchangeCode, ssoBaseUrl } from '../../auth/oauth-endpoints.ts';
import { createPkce, createState } from '../../auth/pkce.ts';
import { toCachedToken, writeCachedToken } from '../../auth/token-cache.ts';
import { CliError, InterruptedError, UsageError } from '../../errors.ts';
import { printObject } from '../../output/format.ts';
import type { Session } from '../../session.ts';
import { fetchMe, profileSettings, ssoSession } from './profile.ts';
import { shadowingCredential } from './shadow.ts';

const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;

export interface BrowserLoginOptions {
  port: number;
  openBrowser: boolean;
}

/**
 * Authorization code + PKCE against the profile's SSO domain, answered on a loopback server;
 * then the SDK-format token cache, `GET /me`, and `sso_account_id` in the profile.
 */
export async function loginWithBrowser(session: Session, opts: BrowserLoginOptions): Promise<number> {
  const settings = await profileSettings(session);
  const base = ssoBaseUrl(settings.ssoDomain);
  const pkce = createPkce();
  const state = createState();
  const timeoutMs = session.settings.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  const abort = new AbortController();
  const unsubscribe = session.ctx.onInterrupt(() => abort.abort(new InterruptedError('sign-in interrupted')));
  const server = await startLoginServer({
    port: opts.port,
    expectedState: state,
    timeoutMs,
    signal: abort.signal,
  });
  let code: string;
  try {
    const url = authorizeUrl({
      domain: settings.ssoDomain,
      clientId: settings.ssoClientId,
      redirectUri: server.redirectUri,
      state,
      codeChallenge: pkce.challenge,
    });
    let outcome = server.result;
    const waiting = `Waiting up to ${formatDuration(timeoutMs)} for the sign-in to finish (Ctrl-C to cancel)…`;
    if (opts.openBrowser) {
      session.note(`Opening your browser to sign in at ${base}`);
      session.note(`If it does not open, visit:\n  ${url}`);
      try {
        await session.ctx.openBrowser(url);
      } catch (err) {
        session.note(`warning: could not open a browser (${(err as Error).message}); open the address above`);
      }
      session.note(waiting);
    } else {
      session.note(`Open this address in a browser to sign in:\n  ${url}`);
      session.note(waiting);
      if (session.canPrompt)
        outcome = Promise.race([outcome, readPastedRedirect(session, state, abort.signal)]);
    }
    ({ code } = await outcome);
  } finally {
    unsubscribe();
    abort.abort();
    await server.close();
  }

  const now = session.ctx.clock.now();
  const tokens = await exchangeCode(
    {
      domain: settings.ssoDomain,
      clientId: settings.ssoClientId,
      code,
      redirectUri: server.redirectUri,
      codeVerifier: pkce.verifier,
    },
    { timeoutMs: session.settings.timeoutMs },
  );
  session.secrets.add(tokens.accessToken, tokens.refreshToken);
  const cached = toCachedToken(
    {
      ...tokens,
      clientId: settings.ssoClientId,
      region: settings.ssoRegion,
      cognitoDomain: settings.ssoDomain,
    },
    now,
  );
  await writeCachedToken(ssoSession(session, settings).path, cached);

  let me: Awaited<ReturnType<typeof fetchMe>>;
  try {
    me = await fetchMe(session, { authorization: `Bearer ${tokens.accessToken}` });
  } catch (err) {
    if (err instanceof CliError) {
      throw new CliError(`signed in, but GET /me failed: ${err.message}`, err.exitCode, err.hint);
    }
    throw err;
  }
  if (me.account_id && me.account_id !== settings.sources.sso_account_id?.value) {
    await updateProfile(
      session.settings.configDir,
      settings.profile,
      { sso_account_id: me.account_id },
      session.warn,
    );
  }

  session.note(`Signed in to ${base} as account ${me.account_id} (profile "${settings.profile}").`);
  const shadow = await shadowingCredential(session);
  if (shadow) session.note(`note: ${shadow} takes precedence over this sign-in; unset it to use SSO`);
  await printObject(session.out, {
    profile: settings.profile,
    account_id: me.account_id,
    organizations: me.organizations?.length ?? 0,
    expires_at: cached.expiresAt,
    sso_domain: settings.ssoDomain,
  });
  return 0;
}

/**
 * `--no-browser` on a terminal: the browser may be on another machine, where the redirect to
 * localhost fails; the user pastes the address it ended on. Resolves only with a valid code; when
 * stdin ends it leaves the outcome to the loopback server.
 */
async function readPastedRedirect(
  session: Session,
  state: string,
  signal: AbortSignal,
): Promise<{ code: string }> {
  const prompt = () => session.ctx.io.stderr.write('Or paste the address the browser ended on: ');
  const rl = createInterface({ input: session.ctx.io.stdin, terminal: false });
  const stop = () => rl.close();
  signal.addEventListener('abort', stop, { once: true });
  try {
    prompt();
    for await (const line of rl) {
      if (line.trim() === '') {
        prompt();
        continue;
      }
      try {
        return parsePastedRedirect(line, state);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        session.note(`error: ${err.message}`);
        prompt();
      }
    }
    return new Promise(() => {});
  } finally {
    signal.removeEventListener('abort', stop);
    rl.close();
  }
}
