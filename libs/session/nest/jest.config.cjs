module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'session-nest',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
