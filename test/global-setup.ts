// Builds dist/ once before any test file runs (when src/ changed since the last build), so tests
// that spawn bin/seclai.cjs run current code. A failed build fails only the tests that need dist/
// (they read `buildError`), not the whole run.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { defaultSpecPath } from './sim/contract.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The build's output when `node scripts/build.mjs` failed; null when dist/ is fresh. */
    buildError: string | null;
  }
}

export default function setup(project: TestProject): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  noteMissingContract();
  if (!isStale(root)) {
    project.provide('buildError', null);
    return;
  }
  try {
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'pipe' });
    project.provide('buildError', null);
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    project.provide('buildError', e.stderr?.toString('utf8') || e.message);
  }
}

/** Without the contract (a fresh clone without ../shared) the simulator cannot validate: say so once. */
function noteMissingContract(): void {
  const specPath = defaultSpecPath();
  if (existsSync(specPath)) return;
  process.stderr.write(
    `seclai simulator: contract validation off (${specPath} not found); tests run without it\n`,
  );
  process.env.SECLAI_SIM_NO_CONTRACT_NOTED = '1';
}

/** Whether dist/ is missing or older than anything it is built from. */
function isStale(root: string): boolean {
  let built: number;
  try {
    built = statSync(join(root, 'dist', 'seclai.cjs')).mtimeMs;
  } catch {
    return true;
  }
  const inputs = [join(root, 'package.json'), join(root, 'scripts', 'build.mjs')];
  return inputs.some((file) => statSync(file).mtimeMs > built) || newestIn(join(root, 'src')) > built;
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
