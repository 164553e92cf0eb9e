// End-to-end: the built app (dist/) against real HTTP and a fake Telegram Bot API, on SQLite
// files. jest.e2e-postgres.config.cjs (`nx e2e hub-api -c postgres`) runs the same specs on
// PostgreSQL, and with them the specs that are about PostgreSQL alone.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-api-e2e (sqlite)',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/replicas\\.e2e-spec\\.ts$'],
  setupFiles: ['<rootDir>/../../tools/scripts/engine-sqlite.setup.cjs'],
  testTimeout: 60000,
};
