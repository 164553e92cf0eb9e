import { CliError } from '../cli.error';
import { buildHookCommand } from './hook-command.util';
import { DEFAULT_HOOK_SPECS, hookSpecsFor } from './own-hooks.constant';
import {
  findOwnHooks,
  handWrittenRemoteHooks,
  withOwnHooks,
  withoutOwnHooks,
  type JsonObject,
} from './settings-merge.util';

const COMMAND = buildHookCommand('/usr/bin/node', '/opt/remote-hook/main.js');
const OTHER_COMMAND = buildHookCommand('/usr/local/bin/node', '/srv/remote-hook/main.js');
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
    expect(withOwnHooks({}, DEFAULT_HOOK_SPECS, COMMAND)).toEqual({
      hooks: {
        Stop: [{ hooks: [own()] }],
        Notification: [{ matcher: 'permission_prompt|idle_prompt', hooks: [own()] }],
        StopFailure: [{ hooks: [own()] }],
      },
    });
  });

  it('keeps every key and every hook of the user, in place, and appends its own', () => {
    const result = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, COMMAND);
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
    const once = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, COMMAND);
    expect(withOwnHooks(once, DEFAULT_HOOK_SPECS, COMMAND)).toEqual(once);

    const stop = (once['hooks'] as JsonObject)['Stop'] as unknown[];
    stop.push({ hooks: [userHook('later.sh')] });
    const again = withOwnHooks(once, DEFAULT_HOOK_SPECS, COMMAND);
    expect((again['hooks'] as JsonObject)['Stop']).toEqual([
      { hooks: [userHook('afplay done.wav')] },
      { hooks: [own()] },
      { hooks: [userHook('later.sh')] },
    ]);
  });

  it('replaces its entry of an older install in its place, never doubling it', () => {
    const old = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, OTHER_COMMAND);
    const result = withOwnHooks(old, DEFAULT_HOOK_SPECS, COMMAND);
    expect(findOwnHooks(result).map((hook) => [hook.event, hook.command])).toEqual([
      ['Stop', COMMAND],
      ['Notification', COMMAND],
      ['StopFailure', COMMAND],
    ]);
  });

  it('adds SubagentStop only when asked, and removes it when no longer asked', () => {
    const withExtra = withOwnHooks({}, hookSpecsFor(['SubagentStop']), COMMAND);
    expect((withExtra['hooks'] as JsonObject)['SubagentStop']).toEqual([{ hooks: [own()] }]);
    const without = withOwnHooks(withExtra, DEFAULT_HOOK_SPECS, COMMAND);
    expect(without['hooks']).not.toHaveProperty('SubagentStop');
  });

  it('refuses settings whose hooks are not shaped as Claude Code reads them', () => {
    expect(() => withOwnHooks({ hooks: [] }, DEFAULT_HOOK_SPECS, COMMAND)).toThrow(CliError);
    expect(() => withOwnHooks({ hooks: 'x' }, DEFAULT_HOOK_SPECS, COMMAND)).toThrow(
      '"hooks" must be an object',
    );
    expect(() => withOwnHooks({ hooks: { Stop: {} } }, DEFAULT_HOOK_SPECS, COMMAND)).toThrow(
      '"hooks.Stop" must be a list',
    );
  });
});

describe('withoutOwnHooks', () => {
  it('gives back exactly what the user had', () => {
    const installed = withOwnHooks(userSettings(), DEFAULT_HOOK_SPECS, COMMAND);
    const removal = withoutOwnHooks(installed);
    expect(removal.settings).toEqual(userSettings());
    expect(removal.events).toEqual(['Stop', 'Notification', 'StopFailure']);
    expect(removal.removed).toBe(3);
  });

  it('removes the hooks key it emptied', () => {
    const removal = withoutOwnHooks(withOwnHooks({ model: 'opus' }, DEFAULT_HOOK_SPECS, COMMAND));
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
