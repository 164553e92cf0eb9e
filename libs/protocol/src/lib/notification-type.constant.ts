/** What a notification tells the user; the CLI's sub-commands carry the same names. */
export const NOTIFICATION_TYPES = ['completed', 'waiting', 'permission', 'failed'] as const;

export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === 'string' && (NOTIFICATION_TYPES as readonly string[]).includes(value);
}
