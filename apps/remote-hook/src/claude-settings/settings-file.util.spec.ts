import { lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, removeTempDir } from '../../test/support/temp-dir';
import { CliError, CliErrorCode } from '../cli.error';
import { NOTIFY_HOOK_SPECS as DEFAULT_HOOK_SPECS } from './own-hooks.constant';
import { readSettingsFile, serializeSettings, writeSettingsFile } from './settings-file.util';
import { withOwnHooks, withoutOwnHooks } from './settings-merge.util';

const LAUNCHER = { nodePath: '/usr/bin/node', scriptPath: '/opt/remote-hook/main.js' };

describe('settings file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir('settings');
  });
  afterEach(() => removeTempDir(dir));

  it('creates a missing file and its folder, privately', async () => {
    const path = join(dir, '.claude', 'settings.json');
    const file = await readSettingsFile(path);
    expect(file).toEqual({ path, exists: false, settings: {}, indent: '  ' });
    await writeSettingsFile(path, withOwnHooks(file.settings, DEFAULT_HOOK_SPECS, LAUNCHER));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readSettingsFile(path)).settings).toHaveProperty('hooks.Stop');
  });

  it('round-trips install and uninstall to the identical file, keeping mode and indentation', async () => {
    const path = join(dir, 'settings.json');
    const original = `{\n    "model": "opus",\n    "hooks": {\n        "Stop": [{ "hooks": [{ "type": "command", "command": "say done" }] }]\n    }\n}\n`;
    await writeFile(path, original, { mode: 0o644 });

    const before = await readSettingsFile(path);
    expect(before.indent).toBe('    ');
    await writeSettingsFile(
      path,
      withOwnHooks(before.settings, DEFAULT_HOOK_SPECS, LAUNCHER),
      before.indent,
    );
    const installed = await readFile(path, 'utf8');
    expect(installed).toContain('\n    "model": "opus"');
    expect((await stat(path)).mode & 0o777).toBe(0o644);

    const again = await readSettingsFile(path);
    const twice = withOwnHooks(again.settings, DEFAULT_HOOK_SPECS, LAUNCHER);
    expect(serializeSettings(twice, again.indent)).toBe(installed);

    await writeSettingsFile(path, withoutOwnHooks(again.settings).settings, again.indent);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(JSON.parse(original));
  });

  it('writes through a symlinked settings.json, keeping the link', async () => {
    await mkdir(join(dir, 'dotfiles'));
    const target = join(dir, 'dotfiles', 'claude-settings.json');
    const link = join(dir, 'settings.json');
    await writeFile(target, '{"model":"opus"}');
    await symlink(target, link);

    await writeSettingsFile(link, withOwnHooks({ model: 'opus' }, DEFAULT_HOOK_SPECS, LAUNCHER));
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(JSON.parse(await readFile(target, 'utf8'))).toHaveProperty('hooks.StopFailure');
  });

  it('refuses to work on a file that is not JSON, saying which', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, '{ "model": "opus", }');
    await expect(readSettingsFile(path)).rejects.toThrow(CliError);
    await expect(readSettingsFile(path)).rejects.toMatchObject({
      code: CliErrorCode.Settings,
      message: expect.stringContaining(`${path} is not valid JSON`),
    });
  });
});
