module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  passWithNoTests: true,
};
