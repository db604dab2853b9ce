import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorMessages, type ErrorMap } from '@conduit/contracts';
import { errorBody, RetryLaterException } from './http-errors';

type FastifyClientError = Error & { statusCode: number };

/** Fastify's own errors (bad JSON, body too large, bad media type) carry a 4xx statusCode. */
function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

function isErrorBody(body: unknown): body is { errors: ErrorMap } {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return typeof errors === 'object' && errors !== null && !Array.isArray(errors);
}

const TOPIC_BY_STATUS: Partial<Record<number, [string, string]>> = {
  [HttpStatus.BAD_REQUEST]: ['body', 'is not a valid request'],
  [HttpStatus.UNAUTHORIZED]: ['token', ErrorMessages.tokenInvalid],
  [HttpStatus.FORBIDDEN]: ['request', ErrorMessages.forbidden],
  [HttpStatus.NOT_FOUND]: ['route', ErrorMessages.notFound],
  [HttpStatus.METHOD_NOT_ALLOWED]: ['route', 'method not allowed'],
  [HttpStatus.PAYLOAD_TOO_LARGE]: ['body', 'is too large'],
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: ['body', 'must be application/json'],
  [HttpStatus.TOO_MANY_REQUESTS]: ['rate', ErrorMessages.tooManyRequests],
};

/**
 * The body of a deliberate or framework 4xx that carries no contract body. Fastify's JSON
 * parser errors arrive either as they are or re-thrown by Nest as HttpExceptions with
 * Fastify's message; both are recognised here, in one place.
 */
function clientErrorBody(status: number, error: Error): { errors: ErrorMap } {
  if (status === HttpStatus.BAD_REQUEST && (error instanceof SyntaxError || /JSON/.test(error.message))) {
    return errorBody('body', ErrorMessages.notJson);
  }
  const [topic, message] = TOPIC_BY_STATUS[status] ?? ['request', 'is invalid'];
  return errorBody(topic, message);
}

/**
 * Every error leaves as `{"errors": {...}}` with the contract's status. Anything that is
 * not a deliberate HTTP error is a 500 with a generic body; the detail goes to the log
 * only (its type, message and stack: never a query's parameters), so no stack trace, SQL or
 * hash ever reaches a client.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const [status, body] = this.toResponse(exception, http.getRequest<FastifyRequest>());
    if (exception instanceof RetryLaterException) void reply.header('retry-after', String(exception.retryAfterSeconds));
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toResponse(exception: unknown, request: FastifyRequest): [number, { errors: ErrorMap }] {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      if (isErrorBody(response)) return [status, response];
      if (status >= 500) return this.internal(exception, request);
      return [status, clientErrorBody(status, exception)];
    }
    if (isFastifyClientError(exception)) return [exception.statusCode, clientErrorBody(exception.statusCode, exception)];
    return this.internal(exception, request);
  }

  private internal(exception: unknown, request: FastifyRequest): [number, { errors: ErrorMap }] {
    request.log.error({ err: exception }, 'unexpected error');
    return [HttpStatus.INTERNAL_SERVER_ERROR, errorBody('server', 'an unexpected error occurred')];
  }
}
