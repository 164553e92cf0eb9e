import type { ExtraEvent } from '../config/config.constant';

/**
 * Every command remote-hook writes into settings.json ends with this shell comment. It is how
 * `install` and `uninstall` tell their own entries from the user's, wherever the CLI lives.
 */
export const HOOK_MARKER = '# @ccr/remote-hook';

/** Seconds Claude Code gives the hook; the CLI bounds itself well below (CCR_HOOK_TIMEOUT_MS). */
export const HOOK_TIMEOUT_SECONDS = 10;

export interface HookSpec {
  event: string;
  matcher?: string;
}

/** The hook events `install` registers, with the Notification kinds worth a message. */
export const DEFAULT_HOOK_SPECS: readonly HookSpec[] = [
  { event: 'Stop' },
  { event: 'Notification', matcher: 'permission_prompt|idle_prompt' },
  { event: 'StopFailure' },
];

export const EXTRA_HOOK_SPECS: Readonly<Record<ExtraEvent, HookSpec>> = {
  SubagentStop: { event: 'SubagentStop' },
};

export function hookSpecsFor(extraEvents: readonly ExtraEvent[]): HookSpec[] {
  return [...DEFAULT_HOOK_SPECS, ...extraEvents.map((event) => EXTRA_HOOK_SPECS[event])];
}
