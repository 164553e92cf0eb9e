import { builtinModules } from 'node:module';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { assertBuilt, BUILT_CLI, runProcess } from './support/run-cli';
import { makeTempDir, removeTempDir } from './support/temp-dir';

const DIST = resolve(BUILT_CLI, '..');

describe('the npm package', () => {
  let root: string;
  beforeAll(assertBuilt);
  beforeEach(async () => {
    root = await makeTempDir('e2e-package');
  });
  afterEach(() => removeTempDir(root));

  it('needs nothing but Node: no dependencies, only built-in modules required', async () => {
    const manifest = JSON.parse(await readFile(join(DIST, 'package.json'), 'utf8'));
    expect(manifest.bin).toEqual({ 'remote-hook': 'main.js' });
    expect(manifest).not.toHaveProperty('dependencies');
    expect(manifest).not.toHaveProperty('peerDependencies');

    const bundle = await readFile(BUILT_CLI, 'utf8');
    expect(bundle.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const required = [...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    expect(required.filter((name) => !builtins.has(name))).toEqual([]);
  });

  it('packs, installs offline into an empty folder, and runs "npx remote-hook --help"', async () => {
    // npm gets a home and cache of its own, so nothing touches the real ones.
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: join(root, 'home'),
      npm_config_cache: join(root, 'npm-cache'),
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      TZ: 'UTC',
    };
    await mkdir(env.HOME);
    const packs = join(root, 'packs');
    await mkdir(packs);
    const packed = await runProcess('npm', ['pack', DIST, '--pack-destination', packs], {
      env,
      cwd: root,
      killAfterMs: 60_000,
    });
    expect(packed.code).toBe(0);
    const [tarball] = await readdir(packs);
    expect(tarball).toMatch(/^ccr-remote-hook-\d+\.\d+\.\d+\.tgz$/);

    const project = join(root, 'project');
    await mkdir(project);
    const installed = await runProcess(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', join(packs, tarball)],
      { env, cwd: project, killAfterMs: 60_000 },
    );
    expect(installed.code).toBe(0);
    expect(await readdir(join(project, 'node_modules'))).toEqual([
      '.bin',
      '.package-lock.json',
      '@ccr',
    ]);
    expect((await readdir(join(project, 'node_modules', '@ccr', 'remote-hook'))).sort()).toEqual([
      'README.md',
      'main.js',
      'package.json',
    ]);

    const help = await runProcess('npx', ['remote-hook', '--help'], {
      env,
      cwd: project,
      killAfterMs: 60_000,
    });
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^remote-hook \d+\.\d+\.\d+: tells a Claude Code Remote hub/);
    expect(help.stdout).toContain('  install ');
  });
});
