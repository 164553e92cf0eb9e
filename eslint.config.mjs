import nx from '@nx/eslint-plugin';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspaceRoot = dirname(fileURLToPath(import.meta.url));

/** Every project's folder and tags, read from its project.json. */
const projects = ['apps', 'libs', 'tools'].flatMap((top) =>
  readdirSync(join(workspaceRoot, top), { recursive: true })
    .filter((path) => path.endsWith('project.json') && !path.includes('node_modules'))
    .map((path) => {
      const file = join(workspaceRoot, top, path);
      const { tags = [] } = JSON.parse(readFileSync(file, 'utf8'));
      return { root: dirname(file), tags };
    }),
);

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

/*
 * What each lib may depend on, word for word what its README's "May depend on" says: the other
 * libs (by their `lib:` tag) and the npm packages its shipped code may import. Change the two
 * together. Tests may also use @ccr/testing and any package.
 */
const LIB_DEPENDENCIES = {
  'lib:shared-util': { libs: [], packages: [] },
  'lib:protocol': { libs: [], packages: [] },
  'lib:claude-screen': { libs: [], packages: [] },
  'lib:session-domain': { libs: ['lib:protocol', 'lib:shared-util'], packages: [] },
  'lib:delivery-domain': { libs: [], packages: [] },
  'lib:telegram-format': {
    libs: ['lib:protocol', 'lib:session-domain', 'lib:shared-util'],
    packages: [],
  },
  'lib:telegram-bot-api': { libs: ['lib:shared-util', 'lib:telegram-format'], packages: [] },
  'lib:config': {
    libs: ['lib:protocol', 'lib:delivery-domain'],
    packages: ['class-validator', 'class-transformer'],
  },
  'lib:ssh-executor': { libs: ['lib:protocol', 'lib:shared-util'], packages: ['node-ssh'] },
  'lib:session-data-access': {
    libs: ['lib:session-domain', 'lib:delivery-domain', 'lib:protocol', 'lib:shared-util'],
    packages: ['typeorm', 'sqlite3', 'pg', 'reflect-metadata'],
  },
  'lib:session-nest': {
    libs: ['lib:session-data-access', 'lib:shared-util'],
    packages: ['@nestjs/common', 'typeorm'],
  },
  'lib:testing': { libs: ['lib:protocol', 'lib:claude-screen'], packages: ['pg'] },
};

// A lib with no entry above would escape its README's rule: refuse to lint until it has one.
for (const project of projects) {
  if (!project.root.startsWith(join(workspaceRoot, 'libs'))) continue;
  if (!project.tags.some((tag) => tag in LIB_DEPENDENCIES)) {
    throw new Error(
      `${relative(workspaceRoot, project.root)}: give the lib a "lib:<name>" tag and its README's "May depend on" in LIB_DEPENDENCIES (eslint.config.mjs)`,
    );
  }
}

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
      // Apps wire the libs up; the test helpers stay out of what they ship.
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
      ...Object.entries(LIB_DEPENDENCIES).map(([sourceTag, { libs, packages }]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: [...libs, ...testing],
        ...(inTests ? {} : { allowedExternalImports: packages }),
      })),
    ],
  };
}

/*
 * A project tagged io:none is pure: the domain rules, the wire protocol, message formatting and
 * the small shared tools compute and nothing else, so that the CLI, both apps and plain unit
 * tests can use them anywhere. Its shipped code may not import a Node module that touches files,
 * the network or other processes (its tests may, to read fixtures).
 */
const ioModules = [
  'fs',
  'fs/promises',
  'net',
  'tls',
  'dgram',
  'http',
  'https',
  'http2',
  'child_process',
  'cluster',
  'worker_threads',
];
const pureProjects = projects
  .filter((project) => project.tags.includes('io:none'))
  .map((project) => ({
    basePath: project.root,
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.flatMap((name) =>
            [name, `node:${name}`].map((path) => ({
              name: path,
              message:
                'This project is tagged io:none: it computes, and leaves I/O to its callers.',
            })),
          ),
        },
      ],
    },
  }));

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
  ...pureProjects,
];
