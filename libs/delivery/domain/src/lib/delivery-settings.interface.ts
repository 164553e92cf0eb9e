import type { QuietHours } from './quiet-hours.util';

/**
 * What quiet hours, a mute or the person at the terminal do to a notification: `hold` keeps it
 * unsent (quiet hours and mutes: until they end, then one digest; at the terminal: for good, as
 * the person saw it happen), `silent` sends it without sound.
 */
export const DELIVERY_MODES = ['hold', 'silent'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** How a request someone must answer arrives during quiet hours or a mute. */
export const REQUEST_ALERTS = ['silent', 'loud'] as const;
export type RequestAlert = (typeof REQUEST_ALERTS)[number];

/** The window the hook's report of the last keypress is compared with, in seconds; 0 is off. */
export const PRESENCE_WINDOW_LIMITS = { min: 0, max: 3600 } as const;

/** The hub's defaults, from its environment, for whatever a chat has not chosen. */
export interface DeliveryDefaults {
  timeZone: string;
  quietMode: DeliveryMode;
  quietRequests: RequestAlert;
  presenceWindowSeconds: number;
  presenceMode: DeliveryMode;
}

/** What a chat chose; null where it chose nothing and the default holds. */
export interface ChosenDeliverySettings {
  timeZone: string | null;
  /** Null: no quiet hours. */
  quietHours: QuietHours | null;
  quietMode: DeliveryMode | null;
  quietRequests: RequestAlert | null;
  presenceWindowSeconds: number | null;
  presenceMode: DeliveryMode | null;
}

export const NOTHING_CHOSEN: ChosenDeliverySettings = {
  timeZone: null,
  quietHours: null,
  quietMode: null,
  quietRequests: null,
  presenceWindowSeconds: null,
  presenceMode: null,
};

/** The settings in force for a chat. */
export interface DeliverySettings {
  timeZone: string;
  quietHours: QuietHours | null;
  quietMode: DeliveryMode;
  quietRequests: RequestAlert;
  presenceWindowSeconds: number;
  presenceMode: DeliveryMode;
}

export function deliverySettingsOf(
  chosen: ChosenDeliverySettings,
  defaults: DeliveryDefaults,
): DeliverySettings {
  return {
    timeZone: chosen.timeZone ?? defaults.timeZone,
    quietHours: chosen.quietHours,
    quietMode: chosen.quietMode ?? defaults.quietMode,
    quietRequests: chosen.quietRequests ?? defaults.quietRequests,
    presenceWindowSeconds: chosen.presenceWindowSeconds ?? defaults.presenceWindowSeconds,
    presenceMode: chosen.presenceMode ?? defaults.presenceMode,
  };
}

/** What a mute covers: every server, one server, or one session. */
export type MuteTarget =
  | { kind: 'all' }
  | { kind: 'server'; serverId: string }
  | { kind: 'session'; serverId: string; sessionId: number; sessionName: string };

export interface Mute {
  target: MuteTarget;
  until: Date;
}
