import { CliError, CliErrorCode } from '../cli.error';
import { buildHookCommand, isOwnCommand, type HookLauncher } from './hook-command.util';
import type { HookSpec } from './own-hooks.constant';

/**
 * Pure edits of Claude Code's settings.json. Its hooks are
 * `{"hooks": {"<Event>": [{"matcher"?: "…", "hooks": [{"type": "command", "command": "…"}]}]}}`;
 * everything that is not an own hook (see HOOK_MARKER) is kept as it is, in its place.
 */
export type JsonObject = Record<string, unknown>;

export interface OwnHook {
  event: string;
  matcher?: string;
  command: string;
  /** Claude Code's timeout for the entry, in seconds, when it has a numeric one. */
  timeout?: number;
}

export interface Removal {
  settings: JsonObject;
  /** Events own hooks were removed from, in file order. */
  events: string[];
  removed: number;
}

/**
 * Settings with exactly one own hook group per spec. An own group already there is replaced
 * in its place and others are added at the end of their event, so running it twice gives
 * the same file. Own hooks for events no longer wanted are removed.
 */
export function withOwnHooks(
  settings: JsonObject,
  specs: readonly HookSpec[],
  launcher: HookLauncher,
): JsonObject {
  const wanted = new Map(specs.map((spec) => [spec.event, spec]));
  const hooks: JsonObject = {};
  for (const [event, value] of Object.entries(hooksOf(settings) ?? {})) {
    const spec = wanted.get(event);
    if (!Array.isArray(value)) {
      if (spec) throw new CliError(CliErrorCode.Settings, `"hooks.${event}" must be a list`);
      hooks[event] = value;
      continue;
    }
    const stripped = stripOwnHooks(value);
    if (spec) {
      const groups = [...stripped.groups];
      groups.splice(stripped.firstOwnIndex ?? groups.length, 0, ownHookGroup(spec, launcher));
      hooks[event] = groups;
      wanted.delete(event);
    } else if (stripped.removed === 0) {
      hooks[event] = value;
    } else if (stripped.groups.length > 0) {
      hooks[event] = stripped.groups;
    }
  }
  for (const spec of wanted.values()) hooks[spec.event] = [ownHookGroup(spec, launcher)];
  return { ...settings, hooks };
}

/** Settings without own hooks, and without the groups, events and `hooks` key that emptied. */
export function withoutOwnHooks(settings: JsonObject): Removal {
  const current = hooksOf(settings);
  if (!current) return { settings, events: [], removed: 0 };
  const hooks: JsonObject = {};
  const events: string[] = [];
  let removed = 0;
  for (const [event, value] of Object.entries(current)) {
    const stripped = Array.isArray(value) ? stripOwnHooks(value) : null;
    if (!stripped || stripped.removed === 0) {
      hooks[event] = value;
      continue;
    }
    events.push(event);
    removed += stripped.removed;
    if (stripped.groups.length > 0) hooks[event] = stripped.groups;
  }
  if (removed === 0) return { settings, events, removed };
  const next: JsonObject = { ...settings, hooks };
  if (Object.keys(hooks).length === 0) delete next['hooks'];
  return { settings: next, events, removed };
}

/** Own hooks found in settings, for `doctor`; never throws on odd shapes. */
export function findOwnHooks(settings: JsonObject): OwnHook[] {
  return hookCommands(settings).filter((hook) => isOwnCommand(hook.command));
}

/**
 * Hooks the user wrote by hand that run remote-hook too (`npx @ccr/remote-hook completed`):
 * next to the installed ones they would send every notification twice.
 */
export function handWrittenRemoteHooks(settings: JsonObject): OwnHook[] {
  return hookCommands(settings).filter(
    (hook) => !isOwnCommand(hook.command) && /remote-hook/.test(hook.command),
  );
}

export function ownHookGroup(spec: HookSpec, launcher: HookLauncher): JsonObject {
  const group: JsonObject = {};
  if (spec.matcher !== undefined) group['matcher'] = spec.matcher;
  const command = buildHookCommand(launcher.nodePath, launcher.scriptPath, spec.subcommand);
  group['hooks'] = [
    {
      type: 'command',
      command,
      timeout: spec.timeoutSeconds,
      ...(spec.async ? { async: true } : {}),
    },
  ];
  return group;
}

function hooksOf(settings: JsonObject): JsonObject | undefined {
  const hooks = settings['hooks'];
  if (hooks === undefined) return undefined;
  const record = asRecord(hooks);
  if (!record) throw new CliError(CliErrorCode.Settings, '"hooks" must be an object');
  return record;
}

interface Stripped {
  groups: unknown[];
  /** Where the first group holding an own hook was, counted in `groups`. */
  firstOwnIndex: number | null;
  removed: number;
}

function stripOwnHooks(groups: readonly unknown[]): Stripped {
  const kept: unknown[] = [];
  let firstOwnIndex: number | null = null;
  let removed = 0;
  for (const group of groups) {
    const record = asRecord(group);
    const hooks = record?.['hooks'];
    if (!record || !Array.isArray(hooks)) {
      kept.push(group);
      continue;
    }
    const others = hooks.filter((hook) => !isOwnCommand(asRecord(hook)?.['command']));
    if (others.length === hooks.length) {
      kept.push(group);
      continue;
    }
    removed += hooks.length - others.length;
    firstOwnIndex ??= kept.length;
    // A group the user shares with an own hook keeps the user's hooks.
    if (others.length > 0) kept.push({ ...record, hooks: others });
  }
  return { groups: kept, firstOwnIndex, removed };
}

function hookCommands(settings: JsonObject): OwnHook[] {
  const found: OwnHook[] = [];
  const hooks = asRecord(settings['hooks']);
  for (const [event, groups] of Object.entries(hooks ?? {})) {
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      const record = asRecord(group);
      const matcher = typeof record?.['matcher'] === 'string' ? record['matcher'] : undefined;
      const entries = record?.['hooks'];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const command = asRecord(entry)?.['command'];
        const timeout = asRecord(entry)?.['timeout'];
        if (typeof command !== 'string') continue;
        found.push({
          event,
          matcher,
          command,
          ...(typeof timeout === 'number' ? { timeout } : {}),
        });
      }
    }
  }
  return found;
}

function asRecord(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : null;
}
