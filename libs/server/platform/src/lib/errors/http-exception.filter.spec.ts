import { type ArgumentsHost, BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { HttpExceptionFilter } from './http-exception.filter';
import { notFound, overloaded, tooManyRequests, unprocessable } from './http-errors';

const logged: unknown[] = [];

function respond(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent: { status: number; body: unknown; headers: Record<string, string> } = { status: 0, body: undefined, headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const request = { log: { error: (fields: unknown) => logged.push(fields) } };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return sent;
}

describe('HttpExceptionFilter', () => {
  it('passes the contract errors of deliberate exceptions through', () => {
    expect(respond(notFound('article'))).toMatchObject({ status: 404, body: { errors: { article: ['not found'] } } });
    expect(respond(unprocessable({ email: ['is invalid'] }))).toMatchObject({ status: 422, body: { errors: { email: ['is invalid'] } } });
  });

  it('maps plain Nest and Fastify client errors to the contract format', () => {
    expect(respond(new NotFoundException('Cannot GET /api/x'))).toMatchObject({ status: 404, body: { errors: { route: ['not found'] } } });
    expect(respond(new BadRequestException("Body is not valid JSON but content-type is set to 'application/json'"))).toMatchObject({
      status: 400,
      body: { errors: { body: ['is not valid JSON'] } },
    });
    expect(respond(tooManyRequests(12.2))).toMatchObject({ status: 429, body: { errors: { rate: [expect.any(String)] } }, headers: { 'retry-after': '13' } });
    expect(respond(overloaded(1))).toMatchObject({ status: 503, body: { errors: { server: ['is busy, try again shortly'] } }, headers: { 'retry-after': '1' } });
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(respond(tooLarge)).toMatchObject({ status: 413, body: { errors: { body: ['is too large'] } } });
    const badJson = Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"), {
      statusCode: 400,
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
    });
    expect(respond(badJson)).toMatchObject({ status: 400, body: { errors: { body: ['is not valid JSON'] } } });
  });

  it('answers anything unexpected with a generic 500 that leaks nothing', () => {
    const leaky = new Error('SQLITE_ERROR: no such column: password_hash near "SELECT * FROM users"');
    const sent = respond(leaky);
    expect(sent).toMatchObject({ status: 500, body: { errors: { server: ['an unexpected error occurred'] } } });
    expect(logged).toContainEqual({ err: leaky });
    expect(JSON.stringify(sent.body)).not.toMatch(/SQLITE|password|SELECT/);
    expect(respond(new HttpException('database exploded', 503))).toMatchObject({ status: 500, body: { errors: { server: ['an unexpected error occurred'] } } });
  });
});
