module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'remote-hook',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
