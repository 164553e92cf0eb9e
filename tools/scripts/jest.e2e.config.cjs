// End-to-end: the operations scripts run as a user runs them, in a temporary project folder,
// against the built apps (dist/), a real sshd on loopback and a throwaway user.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'scripts-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  testTimeout: 120000,
};
