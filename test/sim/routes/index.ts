// Every route module of the simulator. Adding one is one line: `import('./<resource>.ts'),`.
// A module default-exports `(router: Router) => void`; later modules replace earlier routes of the same operation.
import type { RouteModule } from '../router.ts';

const modules: { default: RouteModule }[] = await Promise.all([
  // First: the resource engine's rows give way to the hand-written routes below for the same operation.
  import('./resources.ts'),
  import('./agents.ts'),
  import('./agent-definitions.ts'),
  import('./me.ts'),
  import('./version.ts'),
  import('./alert-configs.ts'),
  import('./evaluations.ts'),
  import('./model-alerts.ts'),
  import('./uploads.ts'),
  import('./runs.ts'),
  import('./cloud-drives.ts'),
  import('./source-contents.ts'),
  import('./model-catalogs.ts'),
]);

export const routeModules: readonly RouteModule[] = modules.map((module) => module.default);
