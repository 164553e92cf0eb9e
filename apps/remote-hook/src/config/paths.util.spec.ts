import { claudeSettingsPath, configFilePath, spoolDirPath } from './paths.util';

describe('paths', () => {
  const home = { HOME: '/home/dev' };

  it('puts config and spool under the XDG defaults in the home folder', () => {
    expect(configFilePath(home, '/x')).toBe('/home/dev/.config/ccr/remote-hook.json');
    expect(spoolDirPath(home, '/x')).toBe('/home/dev/.local/state/ccr/spool');
    expect(claudeSettingsPath(home, '/x')).toBe('/home/dev/.claude/settings.json');
  });

  it('follows XDG_CONFIG_HOME and XDG_STATE_HOME when absolute', () => {
    const env = { ...home, XDG_CONFIG_HOME: '/cfg', XDG_STATE_HOME: '/state' };
    expect(configFilePath(env, '/x')).toBe('/cfg/ccr/remote-hook.json');
    expect(spoolDirPath(env, '/x')).toBe('/state/ccr/spool');
  });

  it('ignores relative XDG folders', () => {
    const env = { ...home, XDG_CONFIG_HOME: 'cfg', XDG_STATE_HOME: 'state' };
    expect(configFilePath(env, '/x')).toBe('/home/dev/.config/ccr/remote-hook.json');
    expect(spoolDirPath(env, '/x')).toBe('/home/dev/.local/state/ccr/spool');
  });

  it('prefers the explicit variables, resolving relative ones against the cwd', () => {
    const env = {
      ...home,
      XDG_CONFIG_HOME: '/cfg',
      CCR_CONFIG: 'my.json',
      CCR_SPOOL_DIR: '/var/spool/ccr',
      CLAUDE_CONFIG_DIR: '/opt/claude',
    };
    expect(configFilePath(env, '/work')).toBe('/work/my.json');
    expect(spoolDirPath(env, '/work')).toBe('/var/spool/ccr');
    expect(claudeSettingsPath(env, '/work')).toBe('/opt/claude/settings.json');
  });
});
