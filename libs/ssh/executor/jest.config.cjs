module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ssh-executor',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  passWithNoTests: true,
};
