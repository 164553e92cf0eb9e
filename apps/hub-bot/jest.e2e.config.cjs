// End-to-end: the built app (dist/) against real SQLite, real HTTP and a fake Telegram Bot API.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-bot-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60000,
};
