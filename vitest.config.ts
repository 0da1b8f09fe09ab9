import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // The kill -9 test runs on its own, on PostgreSQL (`npm run test:crash`).
    exclude: ['test/crash/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    // Warnings and errors only, unless LOG_LEVEL says otherwise (test/support/logs.ts).
    setupFiles: ['test/support/logs.ts'],
    // Each file gets its own database clone or schema; two workers fit 2 cores.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
