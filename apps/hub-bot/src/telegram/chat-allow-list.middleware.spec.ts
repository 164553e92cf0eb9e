import { RefusalLimiter, refusalHtml } from './chat-allow-list.middleware';

describe('RefusalLimiter', () => {
  it('refuses a chat once per interval, each chat on its own', () => {
    const limiter = new RefusalLimiter(1000);
    expect(limiter.shouldRefuse('1', 0)).toBe(true);
    expect(limiter.shouldRefuse('1', 500)).toBe(false);
    expect(limiter.shouldRefuse('2', 500)).toBe(true);
    expect(limiter.shouldRefuse('1', 999)).toBe(false);
    expect(limiter.shouldRefuse('1', 1000)).toBe(true);
  });
});

describe('refusalHtml', () => {
  it('names the chat id and the setting that would let it in', () => {
    expect(refusalHtml('-100123')).toContain('<code>-100123</code>');
    expect(refusalHtml('-100123')).toContain('TELEGRAM_ALLOWED_CHAT_IDS');
  });
});
