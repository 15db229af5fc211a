// An agent's evaluation criteria (legacy bare-array list) and evaluation results (legacy `{data, total, page, limit}`).
import { newestFirst, sendPagedList } from '../pagination.ts';
import type { Router } from '../router.ts';
import { findAgent } from './agents.ts';

export default function registerEvaluationRoutes(router: Router): void {
  router.add('GET', '/agents/{agent_id}/evaluation-criteria', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    const criteria = req.state
      .owned(req.state.evaluationCriteria, req.account.id)
      .filter((entry) => entry.agent_id === agent.id);
    sendPagedList(req, res, newestFirst(criteria), (page) => page.data);
  });
  router.add('GET', '/agents/{agent_id}/evaluation-results', (req, res) => {
    const agent = findAgent(req, res);
    if (!agent) return;
    const { status, flagged_only: flaggedOnly } = req.query;
    const results = req.state
      .owned(req.state.evaluationResults, req.account.id)
      .filter((result) => req.state.agentIdOfResult(result) === agent.id)
      .filter((result) => status == null || result.status === status)
      .filter((result) => !flaggedOnly || result.flagged);
    sendPagedList(req, res, newestFirst(results), (page) => ({
      data: page.data,
      total: page.pagination.total,
      page: page.pagination.page,
      limit: page.pagination.limit,
    }));
  });
}
