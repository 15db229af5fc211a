import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';

export interface InteractionOptions {
  users: Record<string, string>;
  consent: 'auto' | 'form';
}

/**
 * The hosted UI of the stand-in: `/interaction/<uid>` shows a plain login form (and, when asked,
 * a consent form). "Cancel" answers the client with `error=access_denied`, as Cognito does.
 */
export async function handleInteraction(
  provider: Provider,
  opts: InteractionOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const [, , uid, action] = url.pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return html(res, 400, errorPage('interaction mismatch'));

  if (req.method === 'GET' && !action) {
    if (details.prompt.name === 'login') return html(res, 200, loginPage(uid));
    if (details.prompt.name === 'consent') {
      if (opts.consent === 'auto') return grantConsent(provider, req, res);
      return html(res, 200, consentPage(uid, String(details.params.scope ?? '')));
    }
    return html(res, 400, errorPage(`unsupported prompt ${details.prompt.name}`));
  }

  if (req.method === 'POST' && (action === 'login' || action === 'consent')) {
    const form = new URLSearchParams(await readBody(req));
    if (form.has('cancel')) {
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' },
        { mergeWithLastSubmission: false },
      );
    }
    if (action === 'consent') return grantConsent(provider, req, res);
    const username = form.get('username') ?? '';
    if (!Object.hasOwn(opts.users, username) || opts.users[username] !== form.get('password')) {
      return html(res, 200, loginPage(uid, 'Incorrect username or password.'));
    }
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: username } },
      { mergeWithLastSubmission: false },
    );
  }

  html(res, 404, errorPage('not found'));
}

async function grantConsent(provider: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ accountId: String(session?.accountId), clientId: String(params.client_id) });
  const missing = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const savedId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: savedId } },
    { mergeWithLastSubmission: true },
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(body);
}

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

function loginPage(uid: string, error?: string): string {
  return layout(
    'Sign in',
    `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : ''}<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input type="text" name="username" autocomplete="username" autofocus></label>
<label>Password <input type="password" name="password" autocomplete="current-password"></label>
<button type="submit" name="login" value="1">Sign in</button>
<button type="submit" name="cancel" value="1" formnovalidate>Cancel</button>
</form>`,
  );
}

function consentPage(uid: string, scope: string): string {
  return layout(
    'Allow access',
    `<p>The Seclai CLI asks for: ${escapeHtml(scope)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/consent">
<button type="submit" name="allow" value="1">Allow</button>
<button type="submit" name="cancel" value="1">Cancel</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return layout('Sign-in error', `<p>${escapeHtml(message)}</p>`);
}
