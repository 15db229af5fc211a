import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Spawned-binary tests run dist/; build it once per test run.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
