import type { ServerEntry } from './bot-stack';

/**
 * The files a user of the original multi-server scripts brings: their config/servers.json, in
 * that shape (`hostname`, a nested `ssh` object, `alias`, the hub's ports and secret in a
 * `central` block), and their `.env`, with TELEGRAM_GROUP_ID for the chat and the variables of
 * the channels the original had besides Telegram.
 */

/** A servers.json entry of the stack, written the way the original scripts wrote one. */
export function originalServerEntry(entry: ServerEntry): Record<string, unknown> {
  const { id, type, host, port, user, keyPath, knownHostsPath, name, ...ours } = entry;
  if (type === 'local') {
    return { id, alias: name ?? id, type, hostname: 'localhost', ...ours };
  }
  return {
    id,
    alias: name ?? id,
    type,
    hostname: host,
    ssh: { user, port, keyPath, ...(knownHostsPath ? { knownHostsPath } : {}) },
    ...ours,
  };
}

export interface CentralBlock {
  webhookPort: number;
  notificationPort: number;
  ngrokEnabled: boolean;
  sharedSecret: string;
}

export function originalServersJson(servers: readonly ServerEntry[], central: CentralBlock) {
  return { central, servers: servers.map(originalServerEntry) };
}

/**
 * The `.env` of the original hub (install.sh's, filled in as its README says), without
 * SHARED_SECRET: the secret comes from the central block here, which is what is under test.
 */
export function originalDotEnv(values: {
  botToken: string;
  groupId: number;
  endpoint: string;
}): string {
  return [
    '# Server Configuration',
    'SERVER_ID=local',
    '',
    '# Central Hub',
    `CENTRAL_HUB_ENDPOINT=${values.endpoint}`,
    '',
    '# Telegram Configuration (if running central hub)',
    'TELEGRAM_ENABLED=true',
    `TELEGRAM_BOT_TOKEN=${values.botToken}`,
    `TELEGRAM_GROUP_ID=${values.groupId}`,
    '',
    '# Email Configuration (optional)',
    'EMAIL_ENABLED=false',
    'SMTP_HOST=smtp.gmail.com',
    'SMTP_PORT=587',
    'SMTP_USER=someone@example.com',
    'IMAP_HOST=imap.gmail.com',
    'LINE_ENABLED=false',
    'LINE_CHANNEL_ACCESS_TOKEN=not-used',
    '',
  ].join('\n');
}
