import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // App realms refuse to start without it (src/runtime/realm.ts: dynamic import() would reach host objects).
    poolOptions: { forks: { execArgv: ['--experimental-vm-modules'] } },
    globalSetup: ['test/global-setup.ts'],
  },
});
