module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'claude-screen',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
