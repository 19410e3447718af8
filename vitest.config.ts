import { defineConfig } from 'vitest/config';

/** Three tiers (CONVENTIONS.md): unit (pure logic), integration (real server, database, Janus), e2e (Chromium). */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['server/test/**', '**/node_modules/**'],
          setupFiles: ['web/src/i18n/test-setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['server/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          // Each file runs its own server and Janus; two at once suit a 2-core machine.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Browser tests run one file at a time: a few Chromium instances at once at most.
          fileParallelism: false,
        },
      },
    ],
  },
});
