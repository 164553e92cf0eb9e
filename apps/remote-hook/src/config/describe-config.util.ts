import type { RemoteHookConfig } from './config.interface';

/** For people: every value but the secret. */
export function describeConfig(config: RemoteHookConfig): string {
  const extra =
    config.extraEvents.length > 0 ? `, extra events ${config.extraEvents.join(', ')}` : '';
  return `server ${config.serverId}, hub ${config.endpoint}${extra}`;
}
