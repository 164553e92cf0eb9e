import type { NotificationType, PermissionStatus } from '@ccr/protocol';
import type { OutboxItem, PermissionView } from '@ccr/session-data-access';
import type { NotificationView, SessionView } from '@ccr/session-domain';
import { checkTelegramHtml } from '@ccr/testing';
import {
  TELEGRAM_MESSAGE_LIMIT,
  formatPermissionOutcome,
  formatPermissionRequest,
  notificationKeyboard,
  permissionKeyboard,
} from '@ccr/telegram-format';
import { nextMessage, type OutgoingMessage } from './outbox-batch.util';
import type { SendableItem } from './outbox-plan.util';

const now = new Date('2026-11-24T10:00:00Z');

function session(serverId: string, seq: number): SessionView {
  return {
    id: seq,
    serverId,
    seq,
    name: `${serverId}:${seq}`,
    token: 'AB12CD34',
    claudeSessionId: null,
    project: `project-${seq}`,
    cwd: null,
    hostname: null,
    tmux: { session: null, window: null, pane: null },
    lastType: 'completed',
    state: 'idle',
    stateSince: now,
    createdAt: now,
    lastEventAt: now,
    expiresAt: now,
  };
}

function item(
  id: number,
  message: string | null = 'done',
  type: NotificationType = 'completed',
  mergedCount = 0,
): OutboxItem {
  const notification: NotificationView = {
    id,
    sessionId: id,
    eventId: null,
    type,
    event: 'Stop',
    message,
    metadata: {},
    sentAt: null,
    receivedAt: now,
  };
  return {
    id,
    chatId: '1',
    kind: 'message',
    isRequest: false,
    status: 'pending',
    part: 0,
    attempts: 0,
    createdAt: now,
    mergedCount,
    notification,
    permission: null,
    session: session('kr4', id),
  };
}

function permission(id: number, status: PermissionStatus = 'pending'): PermissionView {
  return {
    id,
    requestId: `req-${id}`,
    sessionId: 5,
    kind: 'permission',
    toolName: 'Bash',
    toolInput: { command: 'npm test' },
    suggestions: [],
    permissionMode: null,
    status,
    decidedBy: status === 'deny' ? 'Ann' : null,
    decidedAt: status === 'pending' ? null : now,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 300_000),
    feedback: null,
    feedbackAskedAt: null,
    answers: [],
  };
}

function permissionItem(
  id: number,
  kind: 'permission' | 'permission-outcome',
  request: PermissionView,
): OutboxItem {
  return {
    id,
    chatId: '1',
    kind,
    isRequest: kind === 'permission',
    status: 'pending',
    part: 0,
    attempts: 0,
    createdAt: now,
    mergedCount: 0,
    notification: null,
    permission: request,
    session: session('kr4', 5),
  };
}

/** Rows that may go now, with sound. */
const loud = (items: OutboxItem[]): SendableItem[] =>
  items.map((one) => ({ item: one, silent: false, quietReason: null }));

/** The message nextMessage sends, failing the test when it does something else. */
function sent(rows: SendableItem[] | OutboxItem[]): Extract<OutgoingMessage, { kind: 'send' }> {
  const sendable = rows.map((row) => ('item' in row ? row : loud([row])[0]!));
  const message = nextMessage(sendable, now);
  if (message?.kind !== 'send') throw new Error(`expected a message to send, got ${message?.kind}`);
  expect(checkTelegramHtml(message.text).problems).toEqual([]);
  expect(message.text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  return message;
}

const permissionText = (request: PermissionView) => ({
  serverId: 'kr4',
  project: 'project-5',
  sessionName: 'kr4:5',
  token: 'AB12CD34',
  toolName: 'Bash',
  toolInput: { command: 'npm test' },
  hostname: null,
  expiresAt: request.expiresAt,
  now,
});

describe('nextMessage', () => {
  it('is nothing for no rows', () => {
    expect(nextMessage([])).toBeUndefined();
  });

  it('merges a few notifications into one message in full, in order, without buttons', () => {
    const message = sent([item(1), item(2), item(3)]);
    expect(message.ids).toEqual([1, 2, 3]);
    const positions = ['kr4:1', 'kr4:2', 'kr4:3'].map((name) =>
      message.text.indexOf(`<code>${name}</code>`),
    );
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(message.text).toContain('<b>Project:</b> project-2');
    expect(message.replyMarkup).toBeUndefined();
  });

  it("makes many sessions one digest of each one's latest state, as many as fit", () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      item(i + 1, 'x'.repeat(3500), 'completed', i),
    );
    const message = sent(items);
    expect(message.text).toMatch(/^🗂 <b>\d+ updates from \d+ sessions<\/b>/);
    expect(message.ids[0]).toBe(1);
    expect(message.ids.length).toBeGreaterThan(12);
    expect(message.ids.length).toBeLessThan(40);
    expect(message.replyMarkup).toBeUndefined();
    const rest = sent(items.slice(message.ids.length));
    expect(rest.ids[0]).toBe(message.ids.length + 1);
  });

  it('gives a notification sent alone its Output / Esc buttons, and says what it stands for', () => {
    expect(sent([item(4)]).replyMarkup).toEqual(notificationKeyboard(4));
    expect(sent([item(6, 'x', 'waiting')]).replyMarkup).toEqual(notificationKeyboard(6));
    expect(sent([item(7, 'x', 'failed')]).replyMarkup).toBeUndefined();
    expect(sent([item(8, 'x', 'permission')]).replyMarkup).toBeUndefined();
    expect(sent([item(9, 'x', 'completed', 11)]).text).toContain(
      '<i>Latest of 12 updates from this session</i>',
    );
  });

  it('goes without sound only when every row in it may', () => {
    const [a, b] = loud([item(1), item(2)]);
    const quiet = { silent: true, quietReason: 'quiet-hours' as const };
    expect(sent([{ ...a!, ...quiet }])).toMatchObject({ silent: true, quietReason: 'quiet-hours' });
    expect(sent([{ ...a!, ...quiet }, b!])).toMatchObject({ silent: false, quietReason: null });
    expect(
      sent([
        { ...a!, ...quiet },
        { ...b!, ...quiet },
      ]),
    ).toMatchObject({ silent: true });
  });

  it('sends a pending permission request alone, with its buttons, before what follows', () => {
    const request = permission(9);
    const message = sent([permissionItem(3, 'permission', request), item(4), item(5)]);
    expect(message).toEqual({
      kind: 'send',
      text: formatPermissionRequest(permissionText(request)),
      ids: [3],
      replyMarkup: permissionKeyboard(9),
      silent: false,
      quietReason: null,
    });
    const silently = nextMessage(
      [{ item: permissionItem(3, 'permission', request), silent: true, quietReason: 'mute' }],
      now,
    );
    expect(silently).toMatchObject({ kind: 'send', silent: true, quietReason: 'mute' });
  });

  it('drops a permission message whose request closed before it went out', () => {
    expect(
      nextMessage(loud([permissionItem(3, 'permission', permission(9, 'expired'))]), now),
    ).toEqual({
      kind: 'drop',
      ids: [3],
      reason: 'superseded: the permission request was expired before its message was sent',
    });
  });

  it('edits the request message to its outcome', () => {
    const request = permission(9, 'deny');
    expect(
      nextMessage(loud([permissionItem(4, 'permission-outcome', request), item(5)]), now),
    ).toEqual({
      kind: 'edit',
      messages: [
        {
          html: formatPermissionOutcome({
            ...permissionText(request),
            outcome: 'deny',
            decidedBy: 'Ann',
            decidedAt: now,
          }),
          replyMarkup: undefined,
        },
      ],
      ids: [4],
      permissionId: 9,
      outcome: 'deny',
    });
  });

  it("sends each question of a question request as its own part, with that question's buttons", () => {
    const questions = [1, 2].map((n) => ({
      question: `Question ${n}?`,
      header: `Q${n}`,
      options: [{ label: `yes ${n}`, description: '' }],
      multiSelect: false,
    }));
    const request: PermissionView = {
      ...permission(9),
      kind: 'question',
      toolName: 'AskUserQuestion',
      toolInput: { questions },
    };
    const first = sent([permissionItem(3, 'permission', request)]);
    const second = sent([{ ...permissionItem(4, 'permission', request), part: 1 }]);
    expect(first.text).toContain('Question 1?');
    expect(second.text).toContain('Question 2?');
    expect(second.replyMarkup?.inline_keyboard[0]?.[0]).toEqual({
      text: 'yes 2',
      callback_data: 'q:9:1:0',
    });
    expect(
      nextMessage(loud([{ ...permissionItem(5, 'permission', request), part: 2 }]), now),
    ).toEqual({
      kind: 'drop',
      ids: [5],
      reason: 'the request is shown in 2 message(s), not 3',
    });
  });

  it('drops a permission row whose request is gone', () => {
    const orphan: OutboxItem = {
      ...permissionItem(4, 'permission', permission(9)),
      permission: null,
    };
    expect(nextMessage(loud([orphan]), now)).toMatchObject({ kind: 'drop', ids: [4] });
  });
});
