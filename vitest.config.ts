import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at once on a 2-core machine (vitest's default is cores − 1, i.e. one): most files spend their
    // time waiting on child processes, sockets and worker threads, so a second fork nearly halves the suite's wall time.
    maxWorkers: 2,
    minWorkers: 1,
    // App realms refuse to start without it (src/runtime/realm.ts: dynamic import() would reach host objects).
    poolOptions: { forks: { execArgv: ['--experimental-vm-modules'] } },
    globalSetup: ['test/global-setup.ts'],
  },
});
