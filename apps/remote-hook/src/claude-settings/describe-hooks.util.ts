import type { HookSpec } from './own-hooks.constant';

/** `Stop, Notification (permission_prompt|idle_prompt), StopFailure` */
export function describeHookSpecs(specs: readonly HookSpec[]): string {
  return specs
    .map((spec) => (spec.matcher ? `${spec.event} (${spec.matcher})` : spec.event))
    .join(', ');
}
