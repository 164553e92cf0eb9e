import type { Options } from 'pino-http';

/**
 * One JSON line per event. Requests are not logged one by one (a notification logs what it
 * did instead), and credentials are cut from anything that logs a request.
 */
export function pinoOptions(level: string): Options {
  return {
    level,
    autoLogging: false,
    // A line logged while handling a request carries its id, not every header.
    quietReqLogger: true,
    base: { app: 'hub-api' },
    redact: {
      paths: [
        'req.headers["x-shared-secret"]',
        'req.headers["x-ccr-signature"]',
        'req.headers.authorization',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
}
