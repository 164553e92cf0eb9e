import { DEFAULT_PERMISSION_TIMEOUT_SECONDS } from '@ccr/protocol';
import { writeFileAtomic } from '../fs/atomic-write.util';
import { CONFIG_FILE_MODE, PRIVATE_DIR_MODE } from './config.constant';
import type { ConfigFileContent, RemoteHookConfig } from './config.interface';

export function configFileContent(config: RemoteHookConfig): ConfigFileContent {
  const content: ConfigFileContent = {
    serverId: config.serverId,
    endpoint: config.endpoint,
    secret: config.secret,
  };
  if (config.extraEvents.length > 0) content.extraEvents = [...config.extraEvents];
  // The default stays out of the file, so that a newer default applies to it.
  if (config.permissionTimeoutSeconds !== DEFAULT_PERMISSION_TIMEOUT_SECONDS) {
    content.permissionTimeoutSeconds = config.permissionTimeoutSeconds;
  }
  return content;
}

export function serializeConfigFile(config: RemoteHookConfig): string {
  return `${JSON.stringify(configFileContent(config), null, 2)}\n`;
}

/** Written 0600 in a 0700 folder: the file holds the shared secret. */
export async function writeConfigFile(path: string, config: RemoteHookConfig): Promise<void> {
  await writeFileAtomic(path, serializeConfigFile(config), {
    mode: CONFIG_FILE_MODE,
    dirMode: PRIVATE_DIR_MODE,
  });
}
