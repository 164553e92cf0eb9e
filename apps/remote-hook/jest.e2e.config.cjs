// End-to-end: the built CLI (dist/) as a child process against a stand-in hub on loopback.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'remote-hook-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 60000,
};
