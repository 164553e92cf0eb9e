import { checkTelegramHtml } from '@ccr/testing';
import { formatDigest } from './digest-message.util';
import type { NotificationMessageInput } from './notification-message.util';
import { TELEGRAM_MESSAGE_LIMIT } from './telegram-limits.constant';

function input(
  seq: number,
  overrides: Partial<NotificationMessageInput> = {},
): NotificationMessageInput {
  return {
    type: 'completed',
    serverId: 'kr4',
    project: `project-${seq}`,
    sessionName: `kr4:${seq}`,
    token: 'AB12CD34',
    message: `Finished step ${seq}.\nMore lines follow.`,
    ...overrides,
  };
}

function visible(html: string): string {
  const check = checkTelegramHtml(html);
  expect(check.problems).toEqual([]);
  expect(html.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
  return check.visibleText;
}

describe('formatDigest', () => {
  it("puts each session's latest state on a line, with how many updates it stands for", () => {
    const digest = formatDigest([
      input(1, { mergedCount: 11 }),
      input(2, { type: 'waiting', metadata: { notification: 'Claude is waiting for your input' } }),
      input(3, {
        type: 'failed',
        serverId: 'kr5',
        sessionName: 'kr5:3',
        metadata: { error: 'rate_limit', errorDetails: '429 Too Many Requests' },
        mergedCount: 2,
      }),
    ]);
    expect(digest.count).toBe(3);
    expect(visible(digest.text)).toBe(
      [
        '🗂 16 updates from 3 sessions',
        "Each session's latest state; earlier ones are counted, not sent.",
        '',
        '✅ kr4:1 · project-1 · done · 12 updates',
        'Finished step 1.',
        '⏳ kr4:2 · project-2 · waiting for input',
        'Claude is waiting for your input',
        '❌ kr5:3 · project-3 · failed · 3 updates',
        'rate_limit — 429 Too Many Requests',
        '',
        '/cmd kr4:1 <your command> answers one; /sessions lists them.',
      ].join('\n'),
    );
  });

  it('escapes what sessions report, and cuts it short', () => {
    const digest = formatDigest([
      input(1, { project: '<script>&'.repeat(20), message: `<b>${'x'.repeat(500)}` }),
    ]);
    const text = visible(digest.text);
    expect(text).toContain('<script>&');
    expect(text).toContain('<b>xxx');
    expect(digest.text.length).toBeLessThan(600);
  });

  it('takes as many sessions as fit in one message, the rest for the next', () => {
    const inputs = Array.from({ length: 60 }, (_, i) =>
      input(i + 1, { message: 'y'.repeat(400), mergedCount: i }),
    );
    const first = formatDigest(inputs);
    expect(first.count).toBeGreaterThan(12);
    expect(first.count).toBeLessThan(60);
    visible(first.text);
    const second = formatDigest(inputs.slice(first.count));
    expect(second.text).toContain(`<code>kr4:${first.count + 1}</code>`);
    // Every update is counted once across the two headings.
    const counted = [first, second]
      .map((digest) => Number(/🗂 <b>(\d+) updates/.exec(digest.text)?.[1]))
      .reduce((a, b) => a + b, 0);
    const inBoth = first.count + second.count;
    expect(counted).toBe(
      inputs.slice(0, inBoth).reduce((sum, one) => sum + 1 + (one.mergedCount ?? 0), 0),
    );
  });

  it('is empty for no inputs', () => {
    expect(formatDigest([])).toEqual({ text: '', count: 0 });
  });
});
