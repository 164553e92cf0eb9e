import nx from '@nx/eslint-plugin';

const serverOnly = [
  '@nestjs/*',
  'nestjs-*',
  'typeorm',
  'sqlite3',
  'ssh2',
  'node-ssh',
  'telegraf',
  'class-validator',
  'class-transformer',
  'pino',
  'pino-*',
  'express',
];

function boundaries(inTests) {
  const testing = inTests ? ['type:testing'] : [];
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      // The CLI runs inside Claude Code's hooks on every server: plain Node only.
      {
        sourceTag: 'scope:cli',
        onlyDependOnLibsWithTags: ['scope:shared'],
        bannedExternalImports: inTests ? [] : serverOnly,
      },
      { sourceTag: 'scope:hub', onlyDependOnLibsWithTags: ['scope:hub', 'scope:shared'] },
      {
        sourceTag: 'scope:bot',
        onlyDependOnLibsWithTags: ['scope:bot', 'scope:hub', 'scope:shared'],
      },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // Workspace tools (the benchmark) drive the built apps and may use any lib.
      {
        sourceTag: 'scope:tools',
        onlyDependOnLibsWithTags: ['scope:shared', 'scope:hub', 'scope:bot'],
      },
      {
        sourceTag: 'type:tool',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', 'type:testing'],
      },
      // Domain rules and utilities stay plain TypeScript so the CLI and tests use them directly.
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', ...testing],
        bannedExternalImports: inTests ? [] : serverOnly,
      },
      {
        sourceTag: 'type:util',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', ...testing],
        bannedExternalImports: ['@nestjs/*', 'nestjs-*', 'typeorm', 'sqlite3', 'telegraf'],
      },
      {
        sourceTag: 'type:data-access',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', ...testing],
        bannedExternalImports: ['@nestjs/*', 'nestjs-*'],
      },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
      // Nest wrappers of the libs: the one place a lib may import Nest.
      {
        sourceTag: 'type:nest',
        onlyDependOnLibsWithTags: ['type:domain', 'type:util', 'type:data-access', ...testing],
      },
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: [
          'type:domain',
          'type:util',
          'type:data-access',
          'type:nest',
          ...testing,
        ],
      },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/coverage', 'tmp', '.nx'] },
  {
    files: ['**/src/**/*.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(false)] },
  },
  // Tests may use the test helpers (fake Telegram, sshd, tmux); shipped code may not.
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
