module.exports = {
  ...require('../../../jest.preset.cjs'),
  displayName: 'ssh-executor',
  rootDir: __dirname,
  // Unit specs beside the source; integration specs (real tmux, real sshd on loopback) in test/.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // Integration specs start sshd, create a user and drive tmux; bounded, but slower than units.
  testTimeout: 60_000,
};
