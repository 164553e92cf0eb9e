import { NOTHING_CHOSEN } from '@ccr/delivery-domain';
import { checkTelegramHtml } from '@ccr/testing';
import type { DeliveryStatus } from './delivery-settings.service';
import {
  formatDeliveryStatus,
  formatMuted,
  formatQuietChanged,
  formatUnmuted,
} from './quiet-message.util';

const now = new Date('2026-06-01T20:00:00Z'); // 22:00 in Berlin (summer time)

function status(overrides: Partial<DeliveryStatus> = {}): DeliveryStatus {
  return {
    chatId: '42',
    settings: {
      timeZone: 'UTC',
      quietHours: null,
      quietMode: 'hold',
      quietRequests: 'silent',
      presenceWindowSeconds: 60,
      presenceMode: 'hold',
    },
    chosen: NOTHING_CHOSEN,
    mutes: [],
    held: 0,
    notifiedHere: true,
    now,
    ...overrides,
  };
}

function visible(html: string): string {
  const check = checkTelegramHtml(html);
  expect(check.problems).toEqual([]);
  return check.visibleText;
}

const berlinNights = {
  settings: {
    ...status().settings,
    timeZone: 'Europe/Berlin',
    quietHours: { start: 22 * 60, end: 7 * 60 },
  },
  chosen: { ...NOTHING_CHOSEN, timeZone: 'Europe/Berlin', quietHours: { start: 1320, end: 420 } },
};

describe('formatDeliveryStatus', () => {
  it('says what the defaults do when nothing was chosen', () => {
    expect(visible(formatDeliveryStatus(status())).split('\n').slice(0, 6)).toEqual([
      '🔔 Notifications in this chat',
      'Quiet hours: off · time zone UTC (default)',
      'Notifications during quiet hours and mutes: held, then one digest when they end (default)',
      'Requests (Claude asking you): always arrive; during quiet hours and mutes without sound (default)',
      'Muted: nothing',
      'At the terminal: a session you typed in within 60 s before its news is not notified (default)',
    ]);
  });

  it('shows quiet hours on the chat clock, running mutes with time left, and what is held', () => {
    const text = visible(
      formatDeliveryStatus(
        status({
          ...berlinNights,
          mutes: [
            {
              target: { kind: 'server', serverId: 'kr4' },
              until: new Date('2026-06-01T21:30:00Z'),
            },
            {
              target: { kind: 'session', serverId: 'kr5', sessionId: 3, sessionName: 'kr5:3' },
              until: new Date('2026-06-04T08:00:00Z'),
            },
          ],
          held: 3,
          notifiedHere: false,
        }),
      ),
    );
    expect(text).toContain('Quiet hours: 22:00–07:00 Europe/Berlin · quiet now, until 07:00');
    expect(text).toContain('• server kr4 until 23:30 (1 h 30 min left)');
    expect(text).toContain('• session kr5:3 until Thu 10:00 (2 d 12 h left)');
    expect(text).toContain('Held now: 3 notifications');
    expect(text).toContain('another chat (TELEGRAM_CHAT_ID)');
  });
});

describe('formatQuietChanged', () => {
  it('confirms the window, and asks for a time zone while the default is in use', () => {
    const text = visible(
      formatQuietChanged(
        status({
          settings: { ...status().settings, quietHours: { start: 1320, end: 420 } },
          chosen: { ...NOTHING_CHOSEN, quietHours: { start: 1320, end: 420 } },
        }),
      ),
    );
    expect(text).toContain('Quiet hours: 22:00–07:00 UTC (default)');
    expect(text).toContain(
      "Times are read in UTC, the hub's default; give yours once with /quiet tz Europe/Berlin.",
    );
    expect(visible(formatQuietChanged(status(berlinNights)))).toContain(
      'It is 22:00 in Europe/Berlin now.',
    );
  });

  it('says that held notifications go out when quiet hours are turned off', () => {
    expect(visible(formatQuietChanged(status({ held: 2 })))).toContain(
      'Held notifications go out now, in one digest.',
    );
  });
});

describe('mutes', () => {
  it('confirms a mute with its end and how to lift it', () => {
    const mute = {
      target: { kind: 'server' as const, serverId: 'kr4' },
      until: new Date('2026-06-01T22:00:00Z'),
    };
    expect(visible(formatMuted(mute, status()))).toBe(
      '🔕 Server kr4 muted until 22:00 (2 h). Its notifications are held and come as one digest when the mute ends; requests still arrive, silently. /unmute kr4 ends it sooner.',
    );
  });

  it('says what was unmuted, or that nothing was', () => {
    const mute = { target: { kind: 'all' as const }, until: now };
    expect(visible(formatUnmuted([mute], undefined, status({ held: 1 })))).toBe(
      '🔔 Unmuted: everything. Held notifications go out now, in one digest.',
    );
    expect(visible(formatUnmuted([], 'kr4', status()))).toBe(
      '🔔 kr4 was not muted; /status lists mutes.',
    );
  });
});
