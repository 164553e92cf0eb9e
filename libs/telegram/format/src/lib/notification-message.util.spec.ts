import type { NotifyMetadata } from '@ccr/protocol';
import { checkTelegramHtml } from '@ccr/testing';
import {
  MIN_MERGED_REPLY_CHARS,
  NOTIFICATION_DIVIDER,
  type NotificationMessageInput,
  formatNotification,
  formatNotificationBatch,
  replyDocument,
  replyFitsOneMessage,
} from './notification-message.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function input(overrides: Partial<NotificationMessageInput> = {}): NotificationMessageInput {
  return {
    type: 'completed',
    serverId: 'kr4',
    project: 'webapp',
    sessionName: 'kr4:1',
    token: 'AB12CD34',
    message: 'Done: added test.txt.',
    ...overrides,
  };
}

function expectTelegramHtml(html: string): string {
  const check = checkTelegramHtml(html);
  expect(check.problems).toEqual([]);
  expect(html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  return check.visibleText;
}

/** The quoted reply's HTML, from a message holding one notification. */
function quotedHtml(html: string): string | null {
  const match = /<blockquote expandable>([\s\S]*)<\/blockquote>/.exec(html);
  return match ? (match[1] ?? '') : null;
}

/** The reply as the user sees it, from a message holding one notification. */
function visibleReply(html: string): string | null {
  const quoted = quotedHtml(html);
  return quoted === null ? null : checkTelegramHtml(quoted).visibleText;
}

/** Length of a message for `overrides` when its reply is empty. */
function frameLength(overrides: Partial<NotificationMessageInput> = {}): number {
  return formatNotification(input({ ...overrides, message: 'x' })).length - 1;
}

describe('formatNotification', () => {
  it('says when it stands for older notifications of its session that were not sent', () => {
    const html = formatNotification(input({ mergedCount: 4 }));
    expect(html).toContain(
      '<b>Session:</b> <code>kr4:1</code> · token <code>AB12CD34</code>\n<i>Latest of 5 updates from this session</i>',
    );
    expect(formatNotification(input({ mergedCount: 0 }))).toBe(formatNotification(input()));
  });

  it('lays out a completed task with the reply quoted and the /cmd hint', () => {
    expect(formatNotification(input())).toBe(
      [
        '✅ <b>[KR4] Claude Task Completed</b>',
        '<b>Project:</b> webapp',
        '<b>Session:</b> <code>kr4:1</code> · token <code>AB12CD34</code>',
        '',
        '<blockquote expandable>Done: added test.txt.</blockquote>',
        '',
        '<code>/cmd kr4:1 &lt;your command&gt;</code>',
      ].join('\n'),
    );
  });

  it.each([
    ['completed', '✅ <b>[KR4] Claude Task Completed</b>'],
    ['waiting', '⏳ <b>[KR4] Claude Is Waiting for Input</b>'],
    ['permission', '🔐 <b>[KR4] Claude Needs Permission</b>'],
    ['failed', '❌ <b>[KR4] Claude Task Failed</b>'],
  ] as const)('heads a %s notification with %s', (type, heading) => {
    const html = formatNotification(input({ type }));
    expect(html.split('\n')[0]).toBe(heading);
    expectTelegramHtml(html);
  });

  it('shows what Claude Code says in italics under the session line while it waits', () => {
    for (const type of ['waiting', 'permission'] as const) {
      const lines = formatNotification(
        input({
          type,
          message: null,
          metadata: { notification: 'Claude needs your permission to use Bash' },
        }),
      ).split('\n');
      expect(lines[2]).toMatch(/^<b>Session:<\/b>/);
      expect(lines[3]).toBe('<i>Claude needs your permission to use Bash</i>');
    }
  });

  it('shows the error kind and details of a failed task', () => {
    const html = formatNotification(
      input({
        type: 'failed',
        message: null,
        metadata: { error: 'rate_limit', errorDetails: '429 Too Many Requests' },
      }),
    );
    expect(html.split('\n')[3]).toBe('<b>Error:</b> rate_limit — 429 Too Many Requests');
    expect(
      formatNotification(input({ type: 'failed', metadata: { error: 'overloaded' } })).split(
        '\n',
      )[3],
    ).toBe('<b>Error:</b> overloaded');
  });

  it('ignores metadata that is not text, and details that do not belong to the type', () => {
    const failed = formatNotification(
      input({
        type: 'failed',
        message: null,
        // A plain curl can send anything; the JSON is what reaches the hub.
        metadata: JSON.parse('{"error":42,"errorDetails":"  "}') as NotifyMetadata,
      }),
    );
    expect(failed).not.toContain('Error:');
    const completed = formatNotification(
      input({ message: null, metadata: { notification: 'Claude is waiting for your input' } }),
    );
    expect(completed).not.toContain('<i>');
  });

  it('names the host and pane when they are known', () => {
    const html = formatNotification(input({ hostname: 'build-01', tmuxPane: '%3' }));
    expect(html.split('\n')[2]).toBe('<b>Host:</b> build-01 · pane <code>%3</code>');
    expect(formatNotification(input({ tmuxPane: '%7' })).split('\n')[2]).toBe(
      '<b>Host:</b> pane <code>%7</code>',
    );
  });

  it('leaves the reply block out when there is no reply', () => {
    for (const message of [undefined, null, '', ' \n ']) {
      const html = formatNotification(input({ message }));
      expect(html).not.toContain('blockquote');
      expect(html.endsWith('\n\n<code>/cmd kr4:1 &lt;your command&gt;</code>')).toBe(true);
      expectTelegramHtml(html);
    }
  });

  it('escapes every dynamic string, quotes included', () => {
    const html = formatNotification(
      input({
        type: 'permission',
        serverId: 'a<b',
        project: 'Tom\'s "<script>alert(1)</script>" & co',
        sessionName: 'x&y:1',
        token: '<T>',
        hostname: 'h"ost',
        tmuxPane: '%1<',
        message: 'Use <b>bold</b> &amp; "quotes"',
        metadata: { notification: 'Allow <rm -rf /> & more?' },
      }),
    );
    const visible = expectTelegramHtml(html);
    expect(html).toContain(
      "<b>Project:</b> Tom's &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; co",
    );
    expect(html).toContain('[A&lt;B]');
    expect(html).toContain('<code>/cmd x&amp;y:1 &lt;your command&gt;</code>');
    expect(visible).toContain('Use <b>bold</b> &amp; "quotes"');
    expect(visible).toContain('Allow <rm -rf /> & more?');
    expect(visible).toContain('h"ost · pane %1<');
    expect(visible).toContain('token <T>');
  });

  it('keeps a reply that fills the message to exactly 4096 characters whole', () => {
    const room = TELEGRAM_MESSAGE_LIMIT - frameLength();
    const fits = formatNotification(input({ message: 'y'.repeat(room) }));
    expect(fits).toHaveLength(TELEGRAM_MESSAGE_LIMIT);
    expect(visibleReply(fits)).toBe('y'.repeat(room));

    const cut = formatNotification(input({ message: 'y'.repeat(room + 1) }));
    expect(cut).toHaveLength(TELEGRAM_MESSAGE_LIMIT);
    expect(visibleReply(cut)).toBe(`${'y'.repeat(room - 1)}…`);
    expectTelegramHtml(cut);
  });

  it('cuts a reply of emoji without splitting one', () => {
    const html = formatNotification(input({ message: '😀'.repeat(5000) }));
    const visible = expectTelegramHtml(html);
    expect(html.length).toBeGreaterThanOrEqual(TELEGRAM_MESSAGE_LIMIT - 1);
    expect(visible).not.toMatch(LONE_SURROGATE);
    expect(visibleReply(html)).toMatch(/^(😀)+…$/u);
  });

  it('cuts a reply of < that grows fourfold on escaping', () => {
    const html = formatNotification(input({ message: '<'.repeat(5000) }));
    expectTelegramHtml(html);
    // `&lt;` is four characters: at most three are left unused.
    expect(html.length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 4);
    expect(visibleReply(html)).toMatch(/^<+…$/);
    expect(html).toContain('&lt;…</blockquote>');
  });

  it('stays within the limit even when metadata is huge, still showing some reply', () => {
    const html = formatNotification(
      input({
        type: 'waiting',
        project: '"'.repeat(5000),
        hostname: '&'.repeat(5000),
        metadata: { notification: '<'.repeat(20000) },
        message: 'the reply',
      }),
    );
    expectTelegramHtml(html);
    expect(visibleReply(html)).toBe('the reply');
  });
});

describe('a reply too long for one message', () => {
  it('fits exactly up to the message limit, and no further', () => {
    const empty = formatNotification(input({ message: 'x' })).length - 1;
    const fills = 'r'.repeat(TELEGRAM_MESSAGE_LIMIT - empty);
    expect(formatNotification(input({ message: fills }))).toHaveLength(TELEGRAM_MESSAGE_LIMIT);
    expect(replyFitsOneMessage(input({ message: fills }))).toBe(true);
    expect(replyFitsOneMessage(input({ message: `${fills}r` }))).toBe(false);
    // Escaping counts: 1,100 "<" become 4,400 characters.
    expect(replyFitsOneMessage(input({ message: '<'.repeat(1100) }))).toBe(false);
    expect(replyFitsOneMessage(input({ message: null }))).toBe(true);
  });

  it('goes whole into a Markdown document named after the session, with a caption', () => {
    const reply = `# Plan\n\n${'- a step with <tags> & "quotes"\n'.repeat(300)}`;
    const document = replyDocument(input({ message: `  ${reply}  `, project: 'web <app>' }));
    expect(document.fileName).toBe('claude-reply-kr4-1.md');
    expect(document.content).toBe(`${reply.trim()}\n`);
    const caption = checkTelegramHtml(document.captionHtml);
    expect(caption.problems).toEqual([]);
    expect(caption.visibleText).toBe("📄 Claude's whole reply · kr4:1 · web <app>");
  });
});

describe('formatNotificationBatch', () => {
  const session = (n: number, overrides: Partial<NotificationMessageInput> = {}) =>
    input({ sessionName: `kr4:${n}`, message: `reply ${n}`, ...overrides });

  /** Session names in the order they appear in the messages' /cmd lines. */
  const sessionsIn = (messages: string[]) =>
    messages.flatMap((m) => [...m.matchAll(/\/cmd (\S+) /g)].map((match) => match[1]));

  it('gives nothing for nothing, and formatNotification’s output for one', () => {
    expect(formatNotificationBatch([])).toEqual([]);
    const long = session(1, { message: 'z'.repeat(9000) });
    expect(formatNotificationBatch([long])).toEqual([formatNotification(long)]);
    expect(formatNotificationBatch([session(2)])).toEqual([formatNotification(session(2))]);
  });

  it('merges a burst that fits into one message, in order, with a visible divider', () => {
    const burst = [session(1), session(2, { type: 'waiting' }), session(3, { type: 'failed' })];
    const messages = formatNotificationBatch(burst);
    expect(messages).toHaveLength(1);
    const [merged = ''] = messages;
    expect(merged.split(NOTIFICATION_DIVIDER)).toEqual(burst.map(formatNotification));
    expect(checkTelegramHtml(merged).visibleText).toContain('──────────');
    expectTelegramHtml(merged);
  });

  it('keeps the earlier reply whole and shortens the later one rather than splitting', () => {
    const first = 'a'.repeat(3000);
    const messages = formatNotificationBatch([
      session(1, { message: first }),
      session(2, { message: 'b'.repeat(3000) }),
    ]);
    expect(messages).toHaveLength(1);
    const [one = '', two = ''] = (messages[0] ?? '').split(NOTIFICATION_DIVIDER);
    expect(visibleReply(one)).toBe(first);
    const shortened = visibleReply(two) ?? '';
    expect(shortened).toMatch(/^b+…$/);
    expect(shortened.length).toBeGreaterThanOrEqual(MIN_MERGED_REPLY_CHARS);
    expectTelegramHtml(messages[0] ?? '');
  });

  it('shortens an earlier reply only as far as the later ones need', () => {
    const messages = formatNotificationBatch([
      session(1, { message: '<'.repeat(5000) }),
      session(2),
      session(3),
    ]);
    expect(messages).toHaveLength(1);
    const parts = (messages[0] ?? '').split(NOTIFICATION_DIVIDER);
    expect(parts.slice(1)).toEqual([
      formatNotification(session(2)),
      formatNotification(session(3)),
    ]);
    expect(visibleReply(parts[0] ?? '')).toMatch(/^<+…$/);
    expect((messages[0] ?? '').length).toBeGreaterThan(TELEGRAM_MESSAGE_LIMIT - 4);
    expectTelegramHtml(messages[0] ?? '');
  });

  it('splits only when replies cannot be shortened further, in as few messages as possible', () => {
    const longReply = (n: number) => session(n, { message: `${n}:`.padEnd(5000, '<') });
    // Every notification here has the same frame; one needs at least this much room.
    const least = frameLength({ sessionName: 'kr4:10' }) + MIN_MERGED_REPLY_CHARS;
    const perMessage = Math.floor(
      (TELEGRAM_MESSAGE_LIMIT + NOTIFICATION_DIVIDER.length) /
        (least + NOTIFICATION_DIVIDER.length),
    );
    expect(perMessage).toBeGreaterThan(1);
    const count = 2 * perMessage + 1;
    const burst = Array.from({ length: count }, (_, i) => longReply(i + 10));

    const messages = formatNotificationBatch(burst);

    expect(messages).toHaveLength(3);
    expect(sessionsIn(messages)).toEqual(burst.map((b) => b.sessionName));
    expect(messages[2]).toBe(formatNotification(burst[count - 1] ?? session(0)));
    for (const message of messages) {
      expectTelegramHtml(message);
      for (const part of message.split(NOTIFICATION_DIVIDER)) {
        // The floor counts escaped characters; a `&lt;` that would cross it is left out whole.
        expect((quotedHtml(part) ?? '').length).toBeGreaterThanOrEqual(MIN_MERGED_REPLY_CHARS - 3);
      }
    }
  });

  it('merges many short notifications into fewer messages, each within the limit', () => {
    const burst = Array.from({ length: 40 }, (_, i) =>
      session(i + 1, { type: i % 2 ? 'permission' : 'completed', message: `"${i}" & <ok>` }),
    );
    const messages = formatNotificationBatch(burst);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThan(10);
    expect(sessionsIn(messages)).toEqual(burst.map((b) => b.sessionName));
    for (const message of messages) {
      expectTelegramHtml(message);
      // Short replies are never cut.
      expect(message).not.toContain('…');
    }
  });
});
