import { type ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { HttpExceptionFilter } from './http-exception.filter';
import { notFound, unprocessable } from './http-errors';

function respond(exception: unknown): { status: number; body: unknown } {
  const sent: { status: number; body: unknown } = { status: 0, body: undefined };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header: () => reply,
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

describe('HttpExceptionFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('passes the contract errors of deliberate exceptions through', () => {
    expect(respond(notFound('article'))).toEqual({ status: 404, body: { errors: { article: ['not found'] } } });
    expect(respond(unprocessable({ email: ['has already been taken'] }))).toEqual({
      status: 422,
      body: { errors: { email: ['has already been taken'] } },
    });
  });

  it('maps plain Nest and Fastify client errors to the contract format', () => {
    expect(respond(new NotFoundException('Cannot GET /api/x'))).toEqual({ status: 404, body: { errors: { route: ['not found'] } } });
    expect(respond(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'"))).toEqual({
      status: 400,
      body: { errors: { body: ['is not valid JSON'] } },
    });
    expect(respond(new ThrottlerException())).toMatchObject({ status: 429, body: { errors: { rate: [expect.any(String)] } } });
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(respond(tooLarge)).toEqual({ status: 413, body: { errors: { body: ['is too large'] } } });
    const badJson = Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(respond(badJson)).toEqual({ status: 400, body: { errors: { body: ['is not valid JSON'] } } });
  });

  it('answers anything unexpected with a generic 500 that leaks nothing', () => {
    const leaky = new Error('SQLITE_ERROR: no such column: password_hash near "SELECT * FROM users"');
    const sent = respond(leaky);
    expect(sent).toEqual({ status: 500, body: { errors: { server: ['an unexpected error occurred'] } } });
    expect(JSON.stringify(sent.body)).not.toMatch(/SQLITE|password|SELECT/);
    expect(respond(new HttpException('database exploded', 503))).toEqual({ status: 500, body: { errors: { server: ['an unexpected error occurred'] } } });
  });
});
