import pino, { type Logger, type LoggerOptions } from 'pino';
import { redactValue } from './log-redaction.util';

/**
 * One JSON line per event. The bot token and the webhook secret never reach the log: they are
 * redacted from every argument, since the Telegram client's network errors quote the token.
 * Text typed for the user is never logged by the app in the first place (only its length).
 */
export function botLoggerOptions(level: string, secrets: readonly string[]): LoggerOptions {
  return {
    level,
    base: { app: 'hub-bot' },
    hooks: {
      logMethod(args, method) {
        // pino's LogFn overloads cannot be named for a spread call; the arguments are its own.
        const redacted = args.map((arg) => redactValue(arg, secrets)) as Parameters<typeof method>;
        method.apply(this, redacted);
      },
    },
  };
}

export function createRootLogger(level: string, secrets: readonly string[]): Logger {
  return pino(botLoggerOptions(level, secrets));
}
