// End-to-end on PostgreSQL: every spec of jest.e2e.config.cjs with each stack on a database of
// its own, plus webhook-replicas.e2e-spec.ts (two built hub-bots in webhook mode on one
// database), in the server the test command started or, without it, one the global setup
// starts for this run.
const sqlite = require('./jest.e2e.config.cjs');

module.exports = {
  ...sqlite,
  displayName: 'hub-bot-e2e (postgres)',
  testPathIgnorePatterns: ['/node_modules/'],
  setupFiles: ['<rootDir>/../../tools/scripts/engine-postgres.setup.cjs'],
  globalSetup: '../../tools/scripts/postgres.global-setup.cjs',
  globalTeardown: '../../tools/scripts/postgres.global-teardown.cjs',
};
