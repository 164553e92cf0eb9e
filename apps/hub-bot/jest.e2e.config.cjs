// End-to-end: the built apps (dist/) against real HTTP, a fake Telegram Bot API, the real Claude
// Code in tmux and sshd on loopback, on SQLite files. jest.e2e-postgres.config.cjs
// (`nx e2e hub-bot -c postgres`) runs the same specs on PostgreSQL, and with them the specs
// that are about PostgreSQL alone.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-bot-e2e (sqlite)',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/webhook-replicas\\.e2e-spec\\.ts$'],
  setupFiles: ['<rootDir>/../../tools/scripts/engine-sqlite.setup.cjs'],
  testTimeout: 60000,
};
