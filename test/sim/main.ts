// `npm run sim [-- --port N]`: a simulator with demo data until SIGINT/SIGTERM; prints `eval`-able settings.
import { parseArgs } from 'node:util';
import { seedDemoAccount } from './demo-account.ts';
import { startSimulator } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string' } } });
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`seclai simulator: invalid --port ${values.port}\n`);
  process.exit(2);
}

const sim = await startSimulator({ port });
const agents = sim.state.seedAgents(5);
sim.state.seedAlertConfigs(3, { agentId: agents[0].id });
sim.state.seedEvaluationCriteria(agents[0].id, 2);
sim.state.seedModelAlerts(4);
seedDemoAccount(sim.state);

process.stdout.write(`SECLAI_API_URL=${sim.url}\nSECLAI_API_KEY=${sim.apiKey}\n`);
process.stderr.write(`seclai simulator listening on ${sim.url} (Ctrl-C to stop)\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (sim.violations.length > 0) {
      process.stderr.write(`seclai simulator: ${sim.violations.length} contract violation(s) seen\n`);
    }
    sim.close().then(() => process.exit(0));
  });
}
