// GET /models/alerts: a `limit` + `offset` list with the legacy `{alerts, total}` shape.
import { newestFirst, sendOffsetList } from '../pagination.ts';
import type { Router } from '../router.ts';

export default function registerModelAlertRoutes(router: Router): void {
  router.add('GET', '/models/alerts', (req, res) => {
    const { agent_id: agentId, unread_only: unreadOnly } = req.query;
    const alerts = req.state
      .owned(req.state.modelAlerts, req.account.id)
      .filter((alert) => agentId == null || alert.agent_id === agentId)
      .filter((alert) => !unreadOnly || alert.read_at === null);
    sendOffsetList(req, res, newestFirst(alerts), (page) => ({
      alerts: page.data,
      total: page.pagination.total,
    }));
  });
}
