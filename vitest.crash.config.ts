import { defineConfig } from 'vitest/config';

/** The kill -9 test (`npm run test:crash`): PostgreSQL only, separate from `npm test`, run by CI. */
export default defineConfig({
  test: {
    include: ['test/crash/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
