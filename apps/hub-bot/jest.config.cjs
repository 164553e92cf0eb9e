module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'hub-bot',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // main.ts loads it in the app; decorators in DTOs need it in tests too.
  setupFiles: ['reflect-metadata'],
};
