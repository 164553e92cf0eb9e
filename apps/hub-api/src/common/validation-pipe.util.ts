import { ValidationPipe } from '@nestjs/common';
import { validationException } from './validation-error.util';

/** The one ValidationPipe of the app, here so that DTO tests check bodies exactly as it does. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationException,
  });
}
