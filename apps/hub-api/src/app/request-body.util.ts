import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MAX_BODY_BYTES } from '@ccr/protocol';

/**
 * Nest's JSON and form parsers stay off (`bodyParser: false`), and its raw-body support on
 * (`rawBody: true`): a signature covers the exact bytes sent, and the body is parsed as JSON
 * only once RequestAuthGuard knows who sent it.
 */
export const REQUEST_BODY_OPTIONS = {
  bodyParser: false,
  rawBody: true,
} as const satisfies NestApplicationOptions;

/**
 * Every request's body is read as bytes into `request.rawBody`, whatever its content type (the
 * seed's `curl -d` sends a form type). A body over the protocol's limit ends in 413 before any
 * guard runs.
 */
export function readRawBodies(app: NestExpressApplication): void {
  app.useBodyParser('raw', { type: () => true, limit: MAX_BODY_BYTES });
}
