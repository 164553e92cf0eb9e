import type { OutboxItem } from '@ccr/session-data-access';
import type { NotificationView, SessionView } from '@ccr/session-domain';
import { TELEGRAM_MESSAGE_LIMIT } from '@ccr/telegram-format';
import { nextMessage } from './outbox-batch.util';

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
    createdAt: now,
    lastEventAt: now,
    expiresAt: now,
  };
}

function item(id: number, message: string | null = 'done'): OutboxItem {
  const notification: NotificationView = {
    id,
    sessionId: id,
    eventId: null,
    type: 'completed',
    event: 'Stop',
    message,
    metadata: {},
    sentAt: null,
    receivedAt: now,
  };
  return {
    id,
    chatId: '1',
    attempts: 0,
    createdAt: now,
    text: null,
    notification,
    session: session('kr4', id),
  };
}

function textItem(id: number, text: string): OutboxItem {
  return { id, chatId: '1', attempts: 0, createdAt: now, text, notification: null, session: null };
}

describe('nextMessage', () => {
  it('is nothing for no rows', () => {
    expect(nextMessage([])).toBeUndefined();
  });

  it('merges a burst of notifications into one message, in order', () => {
    const message = nextMessage([item(1), item(2), item(3)])!;
    expect(message.ids).toEqual([1, 2, 3]);
    const positions = ['kr4:1', 'kr4:2', 'kr4:3'].map((name) =>
      message.text.indexOf(`<code>${name}</code>`),
    );
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('stops merging where one message would overflow, leaving the rest for the next', () => {
    const long = 'x'.repeat(3500);
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, long));
    const message = nextMessage(items)!;
    expect(message.text.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    expect(message.ids[0]).toBe(1);
    expect(message.ids.length).toBeLessThan(10);
    expect(nextMessage(items.slice(message.ids.length))!.ids[0]).toBe(message.ids.length + 1);
  });

  it('sends a plain text row alone, escaped', () => {
    expect(nextMessage([textItem(7, 'a <b> & c'), item(8)])).toEqual({
      text: 'a &lt;b&gt; &amp; c',
      ids: [7],
    });
    expect(nextMessage([item(1), textItem(2, 'later')])!.ids).toEqual([1]);
  });
});
