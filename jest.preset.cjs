// Shared by every project's jest.config.cjs: ts-jest with the workspace's path aliases.
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: `${__dirname}/` }),
  transform: {
    // 151002: ts-jest's advice to use isolatedModules with module "nodenext"; our files are
    // CommonJS, so whole-program compilation (with type checks) is what we want in tests.
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: { ignoreCodes: [151002] } },
    ],
  },
  clearMocks: true,
};
