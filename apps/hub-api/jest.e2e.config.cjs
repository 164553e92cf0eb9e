// End-to-end: the built app (dist/) against real SQLite, real HTTP and a fake Telegram Bot API;
// replicas.e2e-spec.ts runs two of it on the PostgreSQL server the global setup provides.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-api-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60000,
  globalSetup: '../../tools/scripts/postgres.global-setup.cjs',
  globalTeardown: '../../tools/scripts/postgres.global-teardown.cjs',
};
