module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'session-domain',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
