module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'telegram-bot-api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
