import fastifyEtag from '@fastify/etag';
import Fastify, { type FastifyInstance } from 'fastify';
import { etagDigest, prepareJson, preparedJsonLength, servePreparedJson } from './prepared-json';

describe('prepared answers', () => {
  let app: FastifyInstance;
  const answers: Record<string, object> = {};

  beforeAll(async () => {
    app = Fastify();
    await app.register(fastifyEtag, { weak: true, hashFn: etagDigest });
    servePreparedJson(app);
    app.get('/:name', async (request) => answers[(request.params as { name: string }).name]);
    await app.ready();
  });

  afterAll(() => app.close());

  it('sends a prepared answer with the JSON and ETag that serialising and hashing it give', async () => {
    const value = { tags: ['b', 'ä', 'a"quote'], nested: { n: 1, none: null } };
    answers['plain'] = structuredClone(value);
    answers['prepared'] = prepareJson(structuredClone(value));
    const [plain, prepared] = await Promise.all([app.inject('/plain'), app.inject('/prepared')]);
    expect(prepared.statusCode).toBe(200);
    expect(prepared.body).toBe(JSON.stringify(value));
    expect(prepared.body).toBe(plain.body);
    expect(prepared.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(prepared.headers['etag']).toBe(plain.headers['etag']);
    expect(prepared.headers['etag']).toBe(`W/"${etagDigest(JSON.stringify(value))}"`);
    expect(preparedJsonLength(answers['prepared'])).toBe(JSON.stringify(value).length);
    expect(preparedJsonLength(answers['plain'])).toBeUndefined();
  });

  it('answers a matching If-None-Match with 304 and no body', async () => {
    answers['polled'] = prepareJson({ article: { slug: 'x' } });
    const first = await app.inject('/polled');
    const again = await app.inject({ url: '/polled', headers: { 'if-none-match': String(first.headers['etag']) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('sends the JSON made when it was prepared, not a new one', async () => {
    const answer = prepareJson({ count: 1 });
    answers['kept'] = answer;
    // A kept answer must not change; if one did, what it was prepared as is still what goes out.
    answer.count = 2;
    const response = await app.inject('/kept');
    expect(response.body).toBe('{"count":1}');
    expect(response.headers['etag']).toBe(`W/"${etagDigest('{"count":1}')}"`);
  });

  it('serialises every other answer as JSON.stringify does', async () => {
    answers['other'] = { list: [1, 'two', { three: true }], when: new Date(0) };
    const response = await app.inject('/other');
    expect(response.body).toBe(JSON.stringify(answers['other']));
    expect(response.headers['etag']).toBe(`W/"${etagDigest(response.body)}"`);
  });
});
