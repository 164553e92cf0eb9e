import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { parseJsonBody } from './json-body.util';

/** The JSON body of a raw-body route; the global ValidationPipe then checks it against the DTO. */
export const JsonBody = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const body = parseJsonBody(context.switchToHttp().getRequest<Request>());
  if (!body.ok) throw new BadRequestException({ message: body.error, field: 'body' });
  if (typeof body.value !== 'object' || body.value === null || Array.isArray(body.value)) {
    throw new BadRequestException({ message: 'body: must be a JSON object', field: 'body' });
  }
  return body.value;
});
