import { TelegramError } from 'telegraf';
import { describeFatal, isFatalTelegramError } from './bot-launcher.service';

const telegramError = (code: number, description: string) =>
  new TelegramError({ error_code: code, description });

describe('isFatalTelegramError', () => {
  it('gives up on what no retry changes and retries the rest', () => {
    expect(isFatalTelegramError(telegramError(401, 'Unauthorized'))).toBe(true);
    expect(isFatalTelegramError(telegramError(409, 'Conflict'))).toBe(true);
    expect(isFatalTelegramError(telegramError(400, 'Bad Request: bad webhook'))).toBe(true);
    expect(isFatalTelegramError(telegramError(429, 'Too Many Requests'))).toBe(false);
    expect(isFatalTelegramError(telegramError(502, 'Bad Gateway'))).toBe(false);
    expect(isFatalTelegramError(new Error('ECONNREFUSED'))).toBe(false);
  });
});

describe('describeFatal', () => {
  it('says what to fix', () => {
    expect(describeFatal(telegramError(401, 'Unauthorized'), 'polling')).toBe(
      'Telegram refused TELEGRAM_BOT_TOKEN (401 Unauthorized): check the token with @BotFather',
    );
    expect(describeFatal(telegramError(409, 'Conflict: terminated'), 'polling')).toBe(
      "another hub-bot (or another program with this token) is now receiving this bot's updates (409 Conflict: terminated): only one hub-bot may long-poll, so this one stops. Stop the other one, or run every hub-bot in webhook mode (TELEGRAM_WEBHOOK_URL and the same TELEGRAM_WEBHOOK_SECRET, on one database), where several may run at once",
    );
    expect(describeFatal(telegramError(400, 'Bad Request: bad webhook'), 'webhook')).toContain(
      'check TELEGRAM_WEBHOOK_URL',
    );
  });
});
