module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'telegram-format',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
