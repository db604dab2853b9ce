import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createLogger, type Logger } from './logger';
import { lazyRequestLogger, requestIdOf, ResponseLogController } from './request-log';

describe('request logging', () => {
  const lines: Array<Record<string, unknown>> = [];
  let logger: Logger;
  let app: FastifyInstance;

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    logger = createLogger({ version: 'test', logging: { level: 'info' } }, destination);
    app = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new ResponseLogController(logger), childLoggerFactory: lazyRequestLogger, genReqId: requestIdOf });
    app.get('/quiet', async () => ({ ok: true }));
    app.get('/noisy', async (request) => {
      request.log.warn({ detail: 'x' }, 'something odd');
      return { ok: true };
    });
    app.get('/api/health', async () => ({ status: 'ok' }));
    await app.ready();
  });

  afterAll(() => app.close());
  beforeEach(() => (lines.length = 0));

  it('writes one line per response, the request id first, without making a child logger', async () => {
    const child = jest.spyOn(logger, 'child');
    const response = await app.inject({ url: '/quiet?x=1', headers: { 'x-request-id': 'abc-123' } });
    child.mockRestore();
    expect(response.statusCode).toBe(200);
    expect(child).not.toHaveBeenCalled();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, service: 'conduit-api', reqId: 'abc-123', req: { method: 'GET', url: '/quiet?x=1' }, res: { statusCode: 200 }, msg: 'request completed' });
    const keys = Object.keys(lines[0]);
    expect(keys.slice(keys.indexOf('reqId'), keys.indexOf('reqId') + 3)).toEqual(['reqId', 'req', 'res']);
  });

  it("gives what logs through request.log the request's id", async () => {
    await app.inject({ url: '/noisy', headers: { 'x-request-id': 'noisy-1' } });
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, reqId: 'noisy-1', detail: 'x', msg: 'something odd' }),
      expect.objectContaining({ level: 30, reqId: 'noisy-1', msg: 'request completed' }),
    ]);
  });

  it("logs a 404 at warn, with Fastify's own line through request.log, and leaves health probes out", async () => {
    await app.inject('/api/health');
    await app.inject({ url: '/missing', headers: { 'x-request-id': 'lost-1' } });
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, reqId: 'lost-1', msg: 'Route GET:/missing not found' }),
      expect.objectContaining({ level: 40, reqId: 'lost-1', res: { statusCode: 404 }, msg: 'request completed' }),
    ]);
  });
});
