import { DEFAULT_PERMISSION_TIMEOUT_SECONDS } from '@ccr/protocol';
import type { RemoteHookConfig } from './config.interface';

/** For people: every value but the secret; defaults go unsaid. */
export function describeConfig(config: RemoteHookConfig): string {
  const extra =
    config.extraEvents.length > 0 ? `, extra events ${config.extraEvents.join(', ')}` : '';
  const timeout =
    config.permissionTimeoutSeconds === DEFAULT_PERMISSION_TIMEOUT_SECONDS
      ? ''
      : `, permission timeout ${config.permissionTimeoutSeconds} s`;
  return `server ${config.serverId}, hub ${config.endpoint}${extra}${timeout}`;
}
