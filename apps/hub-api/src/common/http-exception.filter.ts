import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { MAX_BODY_BYTES, type ErrorBody } from '@ccr/protocol';
import {
  EventIdConflictError,
  PermissionNotFoundError,
  RequestIdConflictError,
} from '@ccr/session-data-access';
import { SessionError, SessionErrorCode } from '@ccr/session-domain';
import type { Response } from 'express';

/** Errors raised by express's body parser before a route runs. */
interface BodyParserError {
  type: string;
  status: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
}

const SESSION_STATUS: Record<SessionErrorCode, HttpStatus> = {
  [SessionErrorCode.InvalidRef]: HttpStatus.BAD_REQUEST,
  [SessionErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [SessionErrorCode.Expired]: HttpStatus.GONE,
  [SessionErrorCode.Ended]: HttpStatus.CONFLICT,
};

/**
 * The one place errors become HTTP answers, all shaped as ErrorBody. 401 says nothing about
 * which check failed; 5xx says nothing about internals (the log has them).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ msg: 'request failed', err: exception });
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof SessionError) {
      const status = SESSION_STATUS[exception.code];
      return { statusCode: status, error: exception.code, message: exception.message };
    }
    if (exception instanceof EventIdConflictError) {
      return {
        statusCode: HttpStatus.CONFLICT,
        error: 'EVENT_ID_CONFLICT',
        message: 'eventId: already used by another server; send a new one',
        field: 'eventId',
      };
    }
    if (exception instanceof RequestIdConflictError) {
      return {
        statusCode: HttpStatus.CONFLICT,
        error: 'REQUEST_ID_CONFLICT',
        message: 'requestId: already used by another server; send a new one',
        field: 'requestId',
      };
    }
    if (exception instanceof PermissionNotFoundError) {
      return {
        statusCode: HttpStatus.NOT_FOUND,
        error: 'PERMISSION_NOT_FOUND',
        message: 'requestId: no permission request with this id for this server',
        field: 'requestId',
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const detail = exception.getResponse();
      const error = HttpStatus[status]?.toString() ?? 'Error';
      if (status === HttpStatus.UNAUTHORIZED) {
        return { statusCode: status, error: 'UNAUTHORIZED', message: 'Unauthorized' };
      }
      if (typeof detail === 'object' && detail !== null) {
        const { message, field } = detail as { message?: unknown; field?: unknown };
        return {
          statusCode: status,
          error,
          message: Array.isArray(message)
            ? String(message[0])
            : String(message ?? exception.message),
          ...(typeof field === 'string' ? { field } : {}),
        };
      }
      return { statusCode: status, error, message: String(detail) };
    }
    if (isBodyParserError(exception) && exception.status >= 400 && exception.status < 500) {
      const tooLarge = exception.type === 'entity.too.large';
      return {
        statusCode: exception.status,
        error: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST',
        message: tooLarge
          ? `body: larger than ${MAX_BODY_BYTES / 1024} KiB`
          : `body: ${exception.type}`,
        field: 'body',
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
    };
  }
}
