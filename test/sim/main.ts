// `npm run sim [-- --port N]`: a simulator with demo data until SIGINT/SIGTERM. Prints
// `export SECLAI_API_URL=…` and `export SECLAI_API_KEY=…` on stdout, so `eval "$(npm run -s sim)"`
// in a shell whose simulator runs elsewhere, or a copy and paste, points `seclai` at it.
import { parseArgs } from 'node:util';
import { seedDemoAccount } from './demo-account.ts';
import { DEMO_AGENTS, seedDemoAgents } from './demo-agents.ts';
import { startSimulator } from './server.ts';

/** The port when none is given: fixed, so the printed settings stay good across restarts. */
export const DEFAULT_SIM_PORT = 4010;

function fail(message: string, code: number): never {
  process.stderr.write(`seclai simulator: ${message}\n`);
  process.exit(code);
}

const { values } = (() => {
  try {
    return parseArgs({ options: { port: { type: 'string' } } });
  } catch (err) {
    return fail((err as Error).message, 2);
  }
})();
const port = values.port === undefined ? DEFAULT_SIM_PORT : Number(values.port);
if (values.port === '' || !Number.isInteger(port) || port < 0 || port > 65535)
  fail(`invalid --port ${values.port}`, 2);

const sim = await startSimulator({ port }).catch((err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE')
    fail(
      `port ${port} on 127.0.0.1 is busy (another simulator?); pick another with --port <n>, or 0 for any`,
      1,
    );
  if (err.code === 'EACCES') fail(`not allowed to listen on port ${port}; pick another with --port <n>`, 1);
  throw err;
});
const agents = sim.state.seedAgents(5);
seedDemoAgents(sim.state);
sim.state.seedAlertConfigs(3, { agentId: agents[0].id });
sim.state.seedEvaluationCriteria(agents[0].id, 2);
sim.state.seedModelAlerts(4);
seedDemoAccount(sim.state);

process.stdout.write(`export SECLAI_API_URL=${sim.url}\nexport SECLAI_API_KEY=${sim.apiKey}\n`);
process.stderr.write(
  [
    `seclai simulator listening on ${sim.url} (Ctrl-C to stop)`,
    'demo agents, try: seclai agents run <id> --input "hi"',
    ...DEMO_AGENTS.map((demo) => `  ${demo.id}  ${demo.description}`),
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (sim.violations.length > 0) {
      process.stderr.write(`seclai simulator: ${sim.violations.length} contract violation(s) seen\n`);
    }
    sim.close().then(() => process.exit(0));
  });
}
