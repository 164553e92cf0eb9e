import { CliError } from '../cli.error';
import { buildHookCommand } from './hook-command.util';
import { NOTIFY_HOOK_SPECS, hookSpecsFor } from './own-hooks.constant';
import {
  findOwnHooks,
  handWrittenRemoteHooks,
  withOwnHooks,
  withoutOwnHooks,
  type JsonObject,
} from './settings-merge.util';

const LAUNCHER = { nodePath: '/usr/bin/node', scriptPath: '/opt/remote-hook/main.js' };
const OTHER_LAUNCHER = { nodePath: '/usr/local/bin/node', scriptPath: '/srv/remote-hook/main.js' };
const COMMAND = buildHookCommand(LAUNCHER.nodePath, LAUNCHER.scriptPath);
const PERMISSION_COMMAND = buildHookCommand(
  LAUNCHER.nodePath,
  LAUNCHER.scriptPath,
  'permission-request',
);
const DEFAULT_HOOK_SPECS = NOTIFY_HOOK_SPECS;
const own = (command = COMMAND) => ({ type: 'command', command, timeout: 10 });
const userHook = (command: string) => ({ type: 'command', command });

/** A user's settings with hooks of their own, including on the events remote-hook uses. */
const userSettings = (): JsonObject => ({
  model: 'opus',
  permissions: { allow: ['Bash(npm test)'] },
  hooks: {
    Stop: [{ hooks: [userHook('afplay done.wav')] }],
    Notification: [{ matcher: 'permission_prompt', hooks: [userHook('notify-send perm')] }],
    PreToolUse: [{ matcher: 'Bash', hooks: [userHook('audit.sh')] }],
  },
  env: { FOO: 'bar' },
});

describe('withOwnHooks', () => {
  it("adds Claude Code's hook format to empty settings", () => {
    expect(withOwnHooks({}, DEFAULT_HOOK_SPECS, LAUNCHER)).toEqual({
      hooks: {
        Stop: [{ hooks: [own()] }],
        Notification: [{ matcher: 'permission_prompt|idle_prompt', hooks: [own()] }],
        StopFailure: [{ hooks: [own()] }],
      },
    });
  });

  it('keeps every key and every hook of the user, in place, and appends its own', () => {
    const result = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, LAUNCHER);
    expect(Object.keys(result)).toEqual(['model', 'permissions', 'hooks', 'env']);
    expect(result).toEqual({
      ...userSettings(),
      hooks: {
        Stop: [{ hooks: [userHook('afplay done.wav')] }, { hooks: [own()] }],
        Notification: [
          { matcher: 'permission_prompt', hooks: [userHook('notify-send perm')] },
          { matcher: 'permission_prompt|idle_prompt', hooks: [own()] },
        ],
        PreToolUse: [{ matcher: 'Bash', hooks: [userHook('audit.sh')] }],
        StopFailure: [{ hooks: [own()] }],
      },
    });
  });

  it('gives the same settings when run again, even after the user added hooks behind', () => {
    const once = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, LAUNCHER);
    expect(withOwnHooks(once, DEFAULT_HOOK_SPECS, LAUNCHER)).toEqual(once);

    const stop = (once['hooks'] as JsonObject)['Stop'] as unknown[];
    stop.push({ hooks: [userHook('later.sh')] });
    const again = withOwnHooks(once, DEFAULT_HOOK_SPECS, LAUNCHER);
    expect((again['hooks'] as JsonObject)['Stop']).toEqual([
      { hooks: [userHook('afplay done.wav')] },
      { hooks: [own()] },
      { hooks: [userHook('later.sh')] },
    ]);
  });

  it('replaces its entry of an older install in its place, never doubling it', () => {
    const old = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, OTHER_LAUNCHER);
    const result = withOwnHooks(old, DEFAULT_HOOK_SPECS, LAUNCHER);
    expect(findOwnHooks(result).map((hook) => [hook.event, hook.command])).toEqual([
      ['Stop', COMMAND],
      ['Notification', COMMAND],
      ['StopFailure', COMMAND],
    ]);
  });

  it('adds SubagentStop only when asked, and removes it when no longer asked', () => {
    const withExtra = withOwnHooks({}, hookSpecsFor(['SubagentStop'], 300), LAUNCHER);
    expect((withExtra['hooks'] as JsonObject)['SubagentStop']).toEqual([{ hooks: [own()] }]);
    const without = withOwnHooks(withExtra, DEFAULT_HOOK_SPECS, LAUNCHER);
    expect(without['hooks']).not.toHaveProperty('SubagentStop');
  });

  it('runs permission-request on PermissionRequest, with a timeout 30 s past the wait', () => {
    const settings = withOwnHooks(userSettings(), hookSpecsFor([], 120), LAUNCHER);
    expect((settings['hooks'] as JsonObject)['PermissionRequest']).toEqual([
      { hooks: [{ type: 'command', command: PERMISSION_COMMAND, timeout: 150 }] },
    ]);
    expect(Object.keys(settings['hooks'] as JsonObject)).toEqual([
      'Stop',
      'Notification',
      'PreToolUse',
      'StopFailure',
      'PermissionRequest',
      'SessionStart',
      'UserPromptSubmit',
      'SessionEnd',
    ]);
    expect(findOwnHooks(settings).map((hook) => [hook.event, hook.timeout])).toEqual([
      ['Stop', 10],
      ['Notification', 10],
      ['StopFailure', 10],
      ['PermissionRequest', 150],
      ['SessionStart', 10],
      ['UserPromptSubmit', 10],
      ['SessionEnd', 10],
    ]);

    // Installed again with another wait, the entry is replaced in its place.
    const longer = withOwnHooks(settings, hookSpecsFor([], 600), LAUNCHER);
    expect((longer['hooks'] as JsonObject)['PermissionRequest']).toEqual([
      { hooks: [{ type: 'command', command: PERMISSION_COMMAND, timeout: 630 }] },
    ]);
    const removal = withoutOwnHooks(longer);
    expect(removal.settings).toEqual(userSettings());
    expect(removal.events).toEqual([
      'Stop',
      'Notification',
      'StopFailure',
      'PermissionRequest',
      'SessionStart',
      'UserPromptSubmit',
      'SessionEnd',
    ]);
  });

  it('runs the session events in the background, so that Claude never waits on them', () => {
    const hooks = withOwnHooks({}, hookSpecsFor([], 300), LAUNCHER)['hooks'] as JsonObject;
    for (const event of ['SessionStart', 'UserPromptSubmit', 'SessionEnd']) {
      expect(hooks[event]).toEqual([{ hooks: [{ ...own(), async: true }] }]);
    }
    expect(hooks['Stop']).toEqual([{ hooks: [own()] }]);
  });

  it('refuses settings whose hooks are not shaped as Claude Code reads them', () => {
    expect(() => withOwnHooks({ hooks: [] }, DEFAULT_HOOK_SPECS, LAUNCHER)).toThrow(CliError);
    expect(() => withOwnHooks({ hooks: 'x' }, DEFAULT_HOOK_SPECS, LAUNCHER)).toThrow(
      '"hooks" must be an object',
    );
    expect(() => withOwnHooks({ hooks: { Stop: {} } }, DEFAULT_HOOK_SPECS, LAUNCHER)).toThrow(
      '"hooks.Stop" must be a list',
    );
  });
});

describe('withoutOwnHooks', () => {
  it('gives back exactly what the user had', () => {
    const installed = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, LAUNCHER);
    const removal = withoutOwnHooks(installed);
    expect(removal.settings).toEqual(userSettings());
    expect(removal.events).toEqual(['Stop', 'Notification', 'StopFailure']);
    expect(removal.removed).toBe(3);
  });

  it('removes the hooks key it emptied', () => {
    const removal = withoutOwnHooks(withOwnHooks({ model: 'opus' }, DEFAULT_HOOK_SPECS, LAUNCHER));
    expect(removal.settings).toEqual({ model: 'opus' });
  });

  it("keeps a user's hook that shares a group with its own, and empty groups it did not empty", () => {
    const settings: JsonObject = {
      hooks: {
        Stop: [{ hooks: [userHook('mine.sh'), own()] }, { hooks: [] }],
      },
    };
    expect(withoutOwnHooks(settings).settings).toEqual({
      hooks: { Stop: [{ hooks: [userHook('mine.sh')] }, { hooks: [] }] },
    });
  });

  it('leaves settings without its hooks untouched, hand-written remote-hook ones included', () => {
    const settings: JsonObject = {
      hooks: { Stop: [{ hooks: [userHook('npx @ccr/remote-hook completed')] }] },
    };
    const removal = withoutOwnHooks(settings);
    expect(removal.removed).toBe(0);
    expect(removal.settings).toBe(settings);
    expect(handWrittenRemoteHooks(settings)).toEqual([
      { event: 'Stop', matcher: undefined, command: 'npx @ccr/remote-hook completed' },
    ]);
  });
});
