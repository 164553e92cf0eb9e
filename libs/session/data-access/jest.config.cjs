module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'session-data-access',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
