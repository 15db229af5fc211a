import { dirname } from 'node:path';
import { AuthError } from '../errors.ts';
import type { DebugLog } from '../http/redact.ts';
import type { ProfileSettings } from './config-file.ts';
import { tightenPrivate, type Warn } from './private-files.ts';
import {
  type CachedToken,
  cachePath,
  isTokenValid,
  readCachedToken,
  toCachedToken,
  writeCachedToken,
} from './token-cache.ts';

// Refreshing needs the HTTP stack and the lock library; a valid cached token needs neither, so
// they load only when a refresh is due.
const loadRefreshLock = () => import('./refresh-lock.ts');
const loadEndpoints = () => import('./oauth-endpoints.ts');

export interface SsoSessionOptions {
  configDir: string;
  settings: ProfileSettings;
  now: () => number;
  debug?: DebugLog;
  /** Told when the cache folder or file had to be tightened. */
  warn?: Warn;
  /** Bounds the refresh request and the wait for another process's refresh. */
  timeoutMs?: number;
  /** Told each access and refresh token read or received, so that nothing printed shows it. */
  onSecret?: (secret: string) => void;
}

/**
 * The profile's cached SSO sign-in: reads it, and refreshes it when it has expired, under the
 * cross-process lock, re-reading the cache once the lock is held so concurrent processes make one
 * refresh request between them.
 */
export class SsoSession {
  readonly path: string;
  private readonly opts: SsoSessionOptions;

  constructor(opts: SsoSessionOptions) {
    this.opts = opts;
    this.path = cachePath(opts.configDir, opts.settings.ssoDomain, opts.settings.ssoClientId);
  }

  get profile(): string {
    return this.opts.settings.profile;
  }

  /** The cache entry as it is (expired or not); undefined when signed out or unreadable. */
  async read(): Promise<CachedToken | undefined> {
    tightenPrivate(dirname(this.path), 0o700, this.opts.warn);
    tightenPrivate(this.path, 0o600, this.opts.warn);
    const cached = await readCachedToken(this.path);
    if (cached) this.noteSecrets(cached);
    return cached;
  }

  private noteSecrets(token: CachedToken): void {
    this.opts.onSecret?.(token.accessToken);
    if (token.refreshToken) this.opts.onSecret?.(token.refreshToken);
  }

  /**
   * A token that is valid now. With `replacing`, the caller saw that access token rejected: a
   * different valid token in the cache (another process refreshed) is used, else it refreshes.
   */
  async validToken(replacing?: string): Promise<CachedToken> {
    const cached = await this.read();
    if (!cached) throw this.signedOut();
    if (this.usable(cached, replacing)) return cached;
    if (!cached.refreshToken) throw this.expired();
    const { withRefreshLock } = await loadRefreshLock();
    return withRefreshLock(
      this.path,
      async () => {
        const current = (await this.read()) ?? cached;
        if (this.usable(current, replacing)) {
          this.opts.debug?.('SSO token was refreshed by another process; using it');
          return current;
        }
        return this.refreshLocked(current);
      },
      { timeoutMs: this.opts.timeoutMs },
    );
  }

  /** Refreshes now, whatever the expiry (`seclai auth refresh`). */
  async forceRefresh(): Promise<CachedToken> {
    const cached = await this.read();
    if (!cached) throw this.signedOut();
    if (!cached.refreshToken) throw this.expired('has no refresh token');
    const { withRefreshLock } = await loadRefreshLock();
    return withRefreshLock(this.path, async () => this.refreshLocked((await this.read()) ?? cached), {
      timeoutMs: this.opts.timeoutMs,
    });
  }

  private usable(token: CachedToken, replacing: string | undefined): boolean {
    return isTokenValid(token, this.opts.now()) && token.accessToken !== replacing;
  }

  private async refreshLocked(current: CachedToken): Promise<CachedToken> {
    const { settings, debug } = this.opts;
    if (!current.refreshToken) throw this.expired();
    const { refreshTokens, ssoBaseUrl } = await loadEndpoints();
    debug?.(`refreshing the SSO access token at ${ssoBaseUrl(settings.ssoDomain)}/oauth2/token`);
    const answer = await refreshTokens(
      { domain: settings.ssoDomain, clientId: settings.ssoClientId, refreshToken: current.refreshToken },
      { timeoutMs: this.opts.timeoutMs },
    );
    const next = toCachedToken(
      {
        accessToken: answer.accessToken,
        refreshToken: answer.refreshToken ?? current.refreshToken,
        idToken: answer.idToken ?? current.idToken,
        expiresIn: answer.expiresIn,
        clientId: settings.ssoClientId,
        region: current.region || settings.ssoRegion,
        cognitoDomain: settings.ssoDomain,
      },
      this.opts.now(),
    );
    this.noteSecrets(next);
    await writeCachedToken(this.path, next);
    debug?.(`SSO access token refreshed; it expires at ${next.expiresAt}`);
    return next;
  }

  private signedOut(): AuthError {
    return new AuthError(`not signed in for profile "${this.profile}"`);
  }

  private expired(why = 'has expired'): AuthError {
    return new AuthError(`the SSO sign-in for profile "${this.profile}" ${why}`, 'run `seclai auth login`');
  }
}
