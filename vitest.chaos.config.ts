import { defineConfig } from 'vitest/config';

/**
 * The chaos suite (`npm run chaos`): many 1:1 lifecycles, random faults, several instances and kill -9 on one
 * PostgreSQL — TEST_DATABASE_URL, else the local one. `CHAOS_SEED` replays a run, `CHAOS_SHORT=1` is CI's version.
 */
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';

export default defineConfig({
  test: {
    include: ['test/chaos/**/*.chaos.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
  },
});
