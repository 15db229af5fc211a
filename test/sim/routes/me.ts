// GET /me: the caller's personal account and the organizations they belong to.
import type { Router } from '../router.ts';

export default function registerMeRoutes(router: Router): void {
  router.add('GET', '/me', (req, res) => {
    res.json(200, { account_id: req.account.homeId, organizations: req.state.organizations });
  });
}
