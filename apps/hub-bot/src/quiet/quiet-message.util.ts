import {
  formatClockTime,
  formatDuration,
  formatQuietHours,
  isQuietAt,
  localTimeAt,
  quietHoursEndAfter,
  type Mute,
  type MuteTarget,
} from '@ccr/delivery-domain';
import { bold, code, escapeHtml, italic } from '../replies/html.util';
import type { DeliveryStatus } from './delivery-settings.service';

const DAY_MS = 24 * 3_600_000;

/** `14:30`, or `Tue 14:30` when more than most of a day away, on the chat's clock. */
export function localTime(at: Date, status: Pick<DeliveryStatus, 'settings' | 'now'>): string {
  const local = localTimeAt(at, status.settings.timeZone);
  const time = formatClockTime(local.minuteOfDay);
  return at.getTime() - status.now.getTime() > DAY_MS * 0.75 ? `${local.weekday} ${time}` : time;
}

export function targetLabel(target: MuteTarget): string {
  switch (target.kind) {
    case 'all':
      return 'everything';
    case 'server':
      return `server ${code(target.serverId)}`;
    case 'session':
      return `session ${code(target.sessionName)}`;
  }
}

function defaultMark(chosen: unknown): string {
  return chosen === null ? ` ${italic('(default)')}` : '';
}

function quietLine(status: DeliveryStatus): string {
  const { settings, now } = status;
  const zone = `${escapeHtml(settings.timeZone)}${defaultMark(status.chosen.timeZone)}`;
  if (!settings.quietHours) return `${bold('Quiet hours:')} off · time zone ${zone}`;
  const window = `${formatQuietHours(settings.quietHours)} ${zone}`;
  if (isQuietAt(settings.quietHours, settings.timeZone, now)) {
    const end = quietHoursEndAfter(settings.quietHours, settings.timeZone, now);
    return `${bold('Quiet hours:')} ${window} · quiet now, until ${localTime(end, status)}`;
  }
  return `${bold('Quiet hours:')} ${window}`;
}

function quietModeLine(status: DeliveryStatus): string {
  const what =
    status.settings.quietMode === 'hold'
      ? 'held, then one digest when they end'
      : 'sent without sound';
  return `${bold('Notifications during quiet hours and mutes:')} ${what}${defaultMark(status.chosen.quietMode)}`;
}

function requestsLine(status: DeliveryStatus): string {
  const how = status.settings.quietRequests === 'silent' ? 'without sound' : 'with sound';
  return `${bold('Requests')} (Claude asking you): always arrive; during quiet hours and mutes ${how}${defaultMark(status.chosen.quietRequests)}`;
}

function muteLine(mute: Mute, status: DeliveryStatus): string {
  const left = formatDuration(mute.until.getTime() - status.now.getTime());
  return `• ${targetLabel(mute.target)} until ${localTime(mute.until, status)} (${left} left)`;
}

function presenceLine(status: DeliveryStatus): string {
  const { presenceWindowSeconds: seconds, presenceMode } = status.settings;
  const marks = defaultMark(
    status.chosen.presenceWindowSeconds === null && status.chosen.presenceMode === null
      ? null
      : 'chosen',
  );
  if (seconds === 0) return `${bold('At the terminal:')} off${marks}`;
  const what = presenceMode === 'hold' ? 'is not notified' : 'is notified without sound';
  return `${bold('At the terminal:')} a session you typed in within ${seconds} s before its news ${what}${marks}`;
}

/** /status and /settings: everything that keeps this chat quiet, and how to change it. */
export function formatDeliveryStatus(status: DeliveryStatus): string {
  const lines = [
    `🔔 ${bold('Notifications in this chat')}`,
    quietLine(status),
    quietModeLine(status),
    requestsLine(status),
    status.mutes.length === 0
      ? `${bold('Muted:')} nothing`
      : [`${bold('Muted:')}`, ...status.mutes.map((mute) => muteLine(mute, status))].join('\n'),
    presenceLine(status),
  ];
  if (status.held > 0) {
    lines.push(`${bold('Held now:')} ${status.held} notification${status.held === 1 ? '' : 's'}`);
  }
  if (!status.notifiedHere) {
    lines.push(
      italic(
        'The hub sends its notifications to another chat (TELEGRAM_CHAT_ID); what you set here applies to this chat.',
      ),
    );
  }
  lines.push(
    '',
    `Change: ${code('/quiet 22:00-07:00')} · ${code('/quiet tz Europe/Berlin')} · ${code('/quiet off')} · ` +
      `${code('/quiet hold')}|${code('silent')} · ${code('/quiet requests silent')}|${code('loud')} · ` +
      `${code('/mute kr4 2h')} · ${code('/unmute')} · ${code('/presence 60')}|${code('off')}|${code('hold')}|${code('silent')}`,
  );
  return lines.join('\n');
}

/** The answer to a /quiet that changed something: what holds now. */
export function formatQuietChanged(status: DeliveryStatus): string {
  const { settings } = status;
  const lines = [quietLine(status), quietModeLine(status), requestsLine(status)];
  if (settings.quietHours && status.chosen.timeZone === null) {
    lines.push(
      `Times are read in ${escapeHtml(settings.timeZone)}, the hub's default; give yours once with ${code('/quiet tz Europe/Berlin')}.`,
    );
  }
  if (status.chosen.timeZone !== null) {
    const now = formatClockTime(localTimeAt(status.now, settings.timeZone).minuteOfDay);
    lines.push(`It is ${now} in ${escapeHtml(settings.timeZone)} now.`);
  }
  if (!settings.quietHours && status.held > 0) {
    lines.push('Held notifications go out now, in one digest.');
  }
  return [`🌙 ${bold('Quiet hours changed')}`, ...lines].join('\n');
}

export function formatPresenceChanged(status: DeliveryStatus): string {
  return `👀 ${presenceLine(status)}`;
}

export function formatMuted(mute: Mute, status: DeliveryStatus): string {
  const left = formatDuration(mute.until.getTime() - status.now.getTime());
  const what =
    status.settings.quietMode === 'hold'
      ? 'Its notifications are held and come as one digest when the mute ends'
      : 'Its notifications come without sound';
  const requests = status.settings.quietRequests === 'silent' ? 'silently' : 'with sound';
  const target = targetLabel(mute.target);
  const again =
    mute.target.kind === 'all'
      ? code('/unmute')
      : code(
          `/unmute ${mute.target.kind === 'server' ? mute.target.serverId : mute.target.sessionName}`,
        );
  return (
    `🔕 ${target.charAt(0).toUpperCase()}${target.slice(1)} muted until ${localTime(mute.until, status)} (${left}). ` +
    `${what}; requests still arrive, ${requests}. ${again} ends it sooner.`
  );
}

export function formatUnmuted(
  lifted: Mute[],
  word: string | undefined,
  status: DeliveryStatus,
): string {
  if (lifted.length === 0) {
    return word === undefined
      ? '🔔 Nothing was muted.'
      : `🔔 ${code(word)} was not muted; /status lists mutes.`;
  }
  const names = lifted.map((mute) => targetLabel(mute.target)).join(', ');
  const held = status.held > 0 ? ' Held notifications go out now, in one digest.' : '';
  return `🔔 Unmuted: ${names}.${held}`;
}
