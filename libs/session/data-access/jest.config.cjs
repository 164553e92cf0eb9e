// Every spec runs twice: on SQLite files and on a PostgreSQL server started for the run (see
// tools/scripts/postgres.global-setup.cjs). query-plan reads SQLite's planner and runs there only.
const preset = require('../../../jest.preset.cjs');

const engine = (name, extra = {}) => ({
  ...preset,
  displayName: `session-data-access (${name})`,
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The engine is set as for the apps' end-to-end runs (CCR_TEST_ENGINE, @ccr/testing's testEngine).
  setupFiles: [`<rootDir>/../../../tools/scripts/engine-${name}.setup.cjs`],
  ...extra,
});

module.exports = {
  globalSetup: '../../../tools/scripts/postgres.global-setup.cjs',
  globalTeardown: '../../../tools/scripts/postgres.global-teardown.cjs',
  projects: [
    engine('sqlite'),
    engine('postgres', {
      testPathIgnorePatterns: ['/node_modules/', 'query-plan\\.spec\\.ts$'],
      // jest.setTimeout: a test's database is a new schema migrated from the first migration
      // on a real server, and the first of a file also makes the file's database.
      setupFilesAfterEnv: ['<rootDir>/test/engine-postgres.timeout.cjs'],
    }),
  ],
};
