// GET /version and PUT /version: the account's pinned Seclai-Version.
import type { Router, SimRequest, SimResponse } from '../router.ts';

const DATE_VERSION = /^\d{4}-\d{2}-\d{2}$/;

export default function registerVersionRoutes(router: Router): void {
  router.add('GET', '/version', sendVersion);
  router.add('PUT', '/version', (req, res) => {
    const { version } = req.body as { version?: string | null };
    if (typeof version === 'string' && !DATE_VERSION.test(version)) {
      res.json(422, {
        detail: [{ loc: ['body', 'version'], msg: 'Version must be a YYYY-MM-DD date', type: 'value_error' }],
      });
      return;
    }
    if (typeof version === 'string') req.state.pinnedVersions.set(req.account.id, version);
    else req.state.pinnedVersions.delete(req.account.id);
    sendVersion(req, res);
  });
}

function sendVersion(req: SimRequest, res: SimResponse): void {
  const { known } = req.state.versions;
  res.json(200, {
    pinned_version: req.state.pinnedVersions.get(req.account.id) ?? null,
    effective_version: req.apiVersion,
    default_version: req.state.versions.default,
    latest_version: req.state.versions.latest,
    known_versions: known,
  });
}
