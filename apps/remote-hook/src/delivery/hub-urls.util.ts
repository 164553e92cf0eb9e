import { HUB_PATHS } from '@ccr/protocol';

export interface HubUrls {
  notify: URL;
  health: URL;
  ping: URL;
  permissions: URL;
  permissionWait: URL;
  permissionAnswered: URL;
}

/**
 * `/health`, `/ping` and `/permissions` sit next to `/notify`, so a hub behind a path prefix
 * (`https://host/ccr/notify`) is checked at `https://host/ccr/health`.
 */
export function hubUrls(endpoint: string): HubUrls {
  const notify = new URL(endpoint);
  const path = notify.pathname.replace(/\/+$/, '');
  const prefix = path.endsWith(HUB_PATHS.notify) ? path.slice(0, -HUB_PATHS.notify.length) : path;
  return {
    notify,
    health: new URL(prefix + HUB_PATHS.health, notify),
    ping: new URL(prefix + HUB_PATHS.ping, notify),
    permissions: new URL(prefix + HUB_PATHS.permissions, notify),
    permissionWait: new URL(prefix + HUB_PATHS.permissionWait, notify),
    permissionAnswered: new URL(prefix + HUB_PATHS.permissionAnswered, notify),
  };
}
