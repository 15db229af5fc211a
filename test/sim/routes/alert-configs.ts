// GET /alerts/configs (legacy `{configs, total}` list) and GET /alerts/configs/{config_id}.
import { newestFirst, sendPagedList } from '../pagination.ts';
import type { Router } from '../router.ts';

export default function registerAlertConfigRoutes(router: Router): void {
  router.add('GET', '/alerts/configs', (req, res) => {
    const { agent_id: agentId, source_connection_id: sourceId, scope } = req.query;
    const configs = req.state
      .owned(req.state.alertConfigs, req.account.id)
      .filter((config) => agentId == null || config.agent_id === agentId)
      .filter((config) => sourceId == null || config.source_connection_id === sourceId)
      .filter(
        (config) => scope !== 'source' || (config.agent_id === null && config.source_connection_id === null),
      );
    sendPagedList(req, res, newestFirst(configs), (page) => ({
      configs: page.data,
      total: page.pagination.total,
    }));
  });
  router.add('GET', '/alerts/configs/{config_id}', (req, res) => {
    const config = req.state.find(req.state.alertConfigs, req.account.id, req.params.config_id);
    if (config) res.json(200, config);
    else res.detail(404, 'Alert config not found');
  });
}
