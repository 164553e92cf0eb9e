import type { ExtraEvent } from '../config/config.constant';

/**
 * Every command remote-hook writes into settings.json ends with this shell comment. It is how
 * `install` and `uninstall` tell their own entries from the user's, wherever the CLI lives.
 */
export const HOOK_MARKER = '# @ccr/remote-hook';

/** Seconds Claude Code gives a notifying hook; the CLI bounds itself well below (CCR_HOOK_TIMEOUT_MS). */
export const HOOK_TIMEOUT_SECONDS = 10;

/**
 * Claude Code's timeout for the PermissionRequest hook exceeds the CLI's own wait by this
 * much, so the CLI always stops first and on its own terms: Claude Code reports a hook it had
 * to kill as failed.
 */
export const PERMISSION_HOOK_MARGIN_SECONDS = 30;

/** The remote-hook commands a hook entry runs. */
export type HookSubcommand = 'hook' | 'permission-request';

export interface HookSpec {
  event: string;
  matcher?: string;
  subcommand: HookSubcommand;
  /** Claude Code's `timeout` for the entry, in seconds. */
  timeoutSeconds: number;
  /** Claude Code runs the hook in the background and never waits for it. */
  async?: boolean;
}

/** The notifying hook events `install` registers, with the Notification kinds worth a message. */
export const NOTIFY_HOOK_SPECS: readonly HookSpec[] = [
  { event: 'Stop', subcommand: 'hook', timeoutSeconds: HOOK_TIMEOUT_SECONDS },
  {
    event: 'Notification',
    matcher: 'permission_prompt|idle_prompt',
    subcommand: 'hook',
    timeoutSeconds: HOOK_TIMEOUT_SECONDS,
  },
  { event: 'StopFailure', subcommand: 'hook', timeoutSeconds: HOOK_TIMEOUT_SECONDS },
];

/**
 * The session events `install` registers: they tell the hub where a session stands (started,
 * working on a prompt, ended) and send no message. Run in the background, so that Claude never
 * waits on them, not even for a prompt; the hub orders a prompt's event after its turn's later
 * ones by their prompt id.
 */
export const SESSION_HOOK_SPECS: readonly HookSpec[] = [
  { event: 'SessionStart', subcommand: 'hook', timeoutSeconds: HOOK_TIMEOUT_SECONDS, async: true },
  {
    event: 'UserPromptSubmit',
    subcommand: 'hook',
    timeoutSeconds: HOOK_TIMEOUT_SECONDS,
    async: true,
  },
  { event: 'SessionEnd', subcommand: 'hook', timeoutSeconds: HOOK_TIMEOUT_SECONDS, async: true },
];

export const EXTRA_HOOK_SPECS: Readonly<Record<ExtraEvent, HookSpec>> = {
  SubagentStop: { event: 'SubagentStop', subcommand: 'hook', timeoutSeconds: HOOK_TIMEOUT_SECONDS },
};

/** The PermissionRequest entry, for every tool, outliving a wait of `waitSeconds`. */
export function permissionHookSpec(waitSeconds: number): HookSpec {
  return {
    event: 'PermissionRequest',
    subcommand: 'permission-request',
    timeoutSeconds: waitSeconds + PERMISSION_HOOK_MARGIN_SECONDS,
  };
}

/** Every entry `install` writes, in the order they are added to a settings file. */
export function hookSpecsFor(
  extraEvents: readonly ExtraEvent[],
  permissionTimeoutSeconds: number,
): HookSpec[] {
  return [
    ...NOTIFY_HOOK_SPECS,
    permissionHookSpec(permissionTimeoutSeconds),
    ...SESSION_HOOK_SPECS,
    ...extraEvents.map((event) => EXTRA_HOOK_SPECS[event]),
  ];
}
