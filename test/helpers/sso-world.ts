import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openInBrowser } from '../../src/context.ts';
import { type OAuthServer, type OAuthServerOptions, startOAuthServer } from '../sim/oauth.ts';
import { type Simulator, startSimulator } from '../sim/server.ts';
import { type BrowserSetup, browserEnv } from './browser.ts';
import { type CliResult, type CliRunOptions, runCli } from './cli.ts';

/** A port nobody listens on right now (on 127.0.0.1 and ::1), for the login callback. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const freeOn6 = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code !== 'EADDRINUSE'));
      s.listen(port, '::1', () => s.close(() => resolve(true)));
    });
    if (freeOn6) return port;
  }
}

/**
 * A Seclai simulator whose bearer tokens are checked against a real OAuth stand-in, a login
 * callback port that stand-in accepts, and a private HOME / config dir.
 */
export interface SsoWorld {
  sim: Simulator;
  oauth: OAuthServer;
  callbackPort: number;
  home: string;
  configDir: string;
  /** Environment for the CLI: simulator URL, SSO domain and client, config dir, no OS keychain. */
  env: Record<string, string>;
  /** Runs `seclai` in-process; the browser is `$BROWSER` (a driver) unless overridden. */
  cli(argv: string[], options?: CliRunOptions & { browser?: BrowserSetup }): Promise<CliResult>;
  close(): Promise<void>;
}

export async function startSsoWorld(options: OAuthServerOptions = {}): Promise<SsoWorld> {
  const callbackPort = await freePort();
  const [sim, oauth] = await Promise.all([
    startSimulator(),
    startOAuthServer({ redirectUris: [`http://localhost:${callbackPort}/callback`], ...options }),
  ]);
  sim.setBearerVerifier(async (token) => ((await oauth.isAccessTokenValid(token)) ? {} : null));
  const home = mkdtempSync(join(tmpdir(), 'seclai-sso-'));
  const configDir = join(home, '.seclai');
  const env: Record<string, string> = {
    // The browser drivers are `#!/usr/bin/env node` scripts.
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    SECLAI_CONFIG_DIR: configDir,
    SECLAI_API_URL: sim.url,
    SECLAI_SSO_DOMAIN: oauth.url,
    SECLAI_SSO_CLIENT_ID: oauth.clientId,
    SECLAI_NO_KEYCHAIN: '1',
  };
  return {
    sim,
    oauth,
    callbackPort,
    home,
    configDir,
    env,
    cli(argv, { browser, ...rest } = {}) {
      const runEnv = { ...env, ...browserEnv(browser), ...rest.env };
      return runCli(argv, { openBrowser: (url) => openInBrowser(url, runEnv), ...rest, env: runEnv });
    },
    async close() {
      await Promise.all([sim.close(), oauth.close()]);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
