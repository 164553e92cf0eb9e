import type { OutboxItem, PermissionView } from '@ccr/session-data-access';
import type { SessionView } from '@ccr/session-domain';
import { TELEGRAM_MESSAGE_LIMIT } from '@ccr/telegram-format';
import { wholeRepliesOf } from './reply-document.util';

const session: SessionView = {
  id: 1,
  serverId: 'kr4',
  seq: 1,
  name: 'kr4:1',
  token: 'AB12CD34',
  claudeSessionId: 'c1',
  project: 'webapp',
  cwd: '/srv/webapp',
  hostname: 'box',
  tmux: { session: 'main', window: '0', pane: '%3' },
  lastType: 'completed',
  state: 'idle',
  stateSince: new Date(0),
  createdAt: new Date(0),
  lastEventAt: new Date(0),
  expiresAt: new Date(86_400_000),
};

function item(id: number, message: string | null): OutboxItem {
  return {
    id,
    chatId: '42',
    kind: 'message',
    isRequest: false,
    status: 'sending',
    mergedCount: 0,
    part: 0,
    attempts: 0,
    createdAt: new Date(0),
    notification: {
      id,
      sessionId: 1,
      eventId: null,
      type: 'completed',
      event: 'Stop',
      message,
      metadata: {},
      sentAt: null,
      receivedAt: new Date(0),
    },
    permission: null,
    session,
  };
}

describe('wholeRepliesOf', () => {
  const long = 'l'.repeat(TELEGRAM_MESSAGE_LIMIT);

  it('gives a document for a notification sent alone whose reply is too long for one message', () => {
    const items = [item(1, 'short'), item(2, long), item(3, null)];
    expect(wholeRepliesOf(items, [2])).toEqual([
      expect.objectContaining({ fileName: 'claude-reply-kr4-1.md', content: `${long}\n` }),
    ]);
    expect(wholeRepliesOf(items, [1])).toEqual([]);
    expect(wholeRepliesOf(items, [3])).toEqual([]);
  });

  it('gives none for a digest of several sessions, however long their replies', () => {
    const items = [item(1, long), item(2, long)];
    expect(wholeRepliesOf(items, [1, 2])).toEqual([]);
  });

  it('gives nothing for a permission, and the whole plan for a plan too long for its message', () => {
    const request = (toolName: string, toolInput: Record<string, unknown>): PermissionView => ({
      id: 9,
      requestId: 'r',
      sessionId: 1,
      kind: toolName === 'ExitPlanMode' ? 'plan' : 'permission',
      toolName,
      toolInput,
      suggestions: [],
      permissionMode: null,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
      createdAt: new Date(0),
      expiresAt: new Date(300_000),
      feedback: null,
      feedbackAskedAt: null,
      answers: [],
    });
    const row = (permission: PermissionView): OutboxItem => ({
      ...item(5, null),
      kind: 'permission',
      isRequest: true,
      notification: null,
      permission,
    });
    expect(wholeRepliesOf([row(request('Bash', { command: long }))], [5])).toEqual([]);
    const plan = Array.from({ length: 300 }, (_, i) => `${i + 1}. step ${i + 1}`).join('\n');
    expect(wholeRepliesOf([row(request('ExitPlanMode', { plan: '# Short' }))], [5])).toEqual([]);
    expect(wholeRepliesOf([row(request('ExitPlanMode', { plan }))], [5])).toEqual([
      {
        fileName: 'plan.md',
        content: `${plan}\n`,
        captionHtml: expect.stringContaining('📋 The whole plan · <code>kr4:1</code>'),
      },
    ]);
  });
});
