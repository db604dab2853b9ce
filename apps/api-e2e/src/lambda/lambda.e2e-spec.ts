import { eventFor, startApi, startLambda, type HttpRequest, type LambdaProcess, type StartedApi } from '@conduit/testing/api-process';
import { databaseKinds, postgresDatabaseUrl } from '../support/databases';
import { registerUser, unique, type TestUser } from '../support/users';
import { comparable, fixture, fromLambda, overHttp, type EventSource } from './answers';

// The built dist/apps/api/lambda.js in its own execution environment (a process, as Lambda
// runs one), invoked with Function URL and HTTP API events, against the HTTP server (main.js)
// on the same PostgreSQL database: each request must get the same answer both ways.

const SOURCES: EventSource[] = ['Function URL', 'HTTP API'];

/** A JWT as the API issues them: the value differs per login, its shape does not. */
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function withoutToken(json: unknown): unknown {
  const user = (json as { user: { token: string } }).user;
  expect(user.token).toMatch(JWT);
  return { user: { ...user, token: '<token>' } };
}

function withoutArticleIdentity(json: unknown): unknown {
  const article = (json as { article: { slug: string; createdAt: string; updatedAt: string } }).article;
  expect(article.slug).toMatch(/^lambda-cafe/);
  expect(Number.isNaN(Date.parse(article.createdAt))).toBe(false);
  return { article: { ...article, slug: '<slug>', createdAt: '<time>', updatedAt: '<time>' } };
}

interface Case {
  name: string;
  request: () => HttpRequest;
  status: number;
  normalize?: (json: unknown) => unknown;
  /** What the answer must hold besides being the same both ways. */
  holds?: (body: unknown) => void;
}

type LogLine = Record<string, unknown>;

/** The JSON lines `lambda` printed, once one of them satisfies `wanted` (or after 5 s). */
async function logLinesUntil(lambda: LambdaProcess, wanted: (line: LogLine) => boolean): Promise<LogLine[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const output = lambda.output();
    const lines = output
      .slice(0, output.lastIndexOf('\n')) // complete lines only
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    if (lines.some(wanted) || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

if (!databaseKinds().includes('postgres')) {
  throw new Error('the Lambda tests run on PostgreSQL only (Lambda refuses SQLite): include postgres in E2E_DATABASES');
}

describe('the Lambda handler answers as the HTTP server does', () => {
  let http: StartedApi;
  let lambda: LambdaProcess;
  let author: TestUser;
  let tag: string;

  beforeAll(async () => {
    const database = await postgresDatabaseUrl();
    http = await startApi({ DATABASE_URL: database });
    lambda = await startLambda({ DATABASE_URL: database, LOG_LEVEL: 'info' });
    author = await registerUser(http.baseUrl, 'lambda');
    tag = unique('tag');
    for (const title of ['First', 'Second', 'Third']) {
      await author.client.articles.create({ title: `${title} ${tag}`, description: 'd', body: 'b', tagList: [tag] });
    }
  });
  afterAll(async () => {
    await lambda?.stop();
    await http?.stop();
  });

  let sequence = 0;
  const requestId = () => `lambda-e2e-${sequence++}`;
  const cases: Case[] = [
    {
      name: 'GET with a query',
      status: 200,
      request: () => ({ method: 'GET', path: '/api/articles', query: `tag=${tag}&limit=2&offset=1` }),
      holds: (body) => expect(body).toMatchObject({ articlesCount: 3, articles: [{ title: `Second ${tag}` }, { title: `First ${tag}` }] }),
    },
    // AWS joins repeated parameters in queryStringParameters; the raw query keeps them apart.
    {
      name: 'GET with a repeated parameter',
      status: 422,
      request: () => ({ method: 'GET', path: '/api/articles', query: `tag=${tag}&tag=${tag}` }),
      holds: (body) => expect(body).toEqual({ errors: { tag: expect.arrayContaining(['must be a string']) } }),
    },
    {
      name: 'POST with a JSON body',
      status: 200,
      normalize: withoutToken,
      request: () => ({
        method: 'POST',
        path: '/api/users/login',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user: { email: author.email, password: author.password } }),
      }),
    },
    {
      name: 'POST with a base64 body (UTF-8 beyond ASCII)',
      status: 201,
      normalize: withoutArticleIdentity,
      request: () => ({
        method: 'POST',
        path: '/api/articles',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Token ${author.token}` },
        body: JSON.stringify({ article: { title: `Lambda café ☕ ${tag}`, description: 'naïve — “quoted”', body: '日本語 🚀', tagList: [`${tag}-posted`] } }),
        base64: true,
      }),
    },
    { name: 'a missing route', status: 404, request: () => ({ method: 'GET', path: '/api/no-such-route' }) },
    { name: 'a 401 (no token)', status: 401, request: () => ({ method: 'GET', path: '/api/user' }) },
    {
      name: 'a 422 (invalid registration)',
      status: 422,
      request: () => ({ method: 'POST', path: '/api/users', headers: { 'content-type': 'application/json' }, body: '{"user":{"email":"not-an-email"}}' }),
    },
    {
      name: 'a CORS preflight',
      status: 204,
      request: () => ({
        method: 'OPTIONS',
        path: '/api/articles',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      }),
    },
    // Binary: the docs page's PNG must come back byte for byte (base64 in the Lambda result).
    { name: 'a binary response', status: 200, request: () => ({ method: 'GET', path: '/api/docs/favicon-32x32.png' }) },
  ];

  describe.each(SOURCES)('%s events', (source) => {
    it.each(cases)('$name', async ({ request, status, normalize, holds }) => {
      const sent = request();
      const event = eventFor(fixture(source), { ...sent, headers: { ...sent.headers, 'x-request-id': requestId() } });

      const { result } = await lambda.invoke(event);
      const viaLambda = comparable(fromLambda(result), normalize);
      const viaHttp = comparable(await overHttp(http.origin, event), normalize);

      expect(viaLambda.status).toBe(status);
      expect(viaLambda).toEqual(viaHttp);
      holds?.(viaLambda.body);
      expect(viaLambda.headers['access-control-allow-origin']).toBe('*');
      // A preflight is answered by the CORS hook, before the API's own headers (both ways).
      if (status !== 204) {
        expect(viaLambda.headers['x-request-id']).toBe(event.headers['x-request-id']);
        expect(viaLambda.headers['content-security-policy']).toBeDefined();
      }
    });
  });

  it.each(SOURCES)('answers a conditional GET with the same 304 both ways (%s)', async (source) => {
    const query = `tag=${tag}&limit=1`;
    const first = await lambda.invoke(eventFor(fixture(source), { method: 'GET', path: '/api/articles', query }));
    const etag = first.result.headers['etag'];
    expect(etag).toMatch(/^W\/"/);
    const event = eventFor(fixture(source), { method: 'GET', path: '/api/articles', query, headers: { 'if-none-match': etag, 'x-request-id': requestId() } });
    const viaLambda = comparable(fromLambda((await lambda.invoke(event)).result));
    expect(viaLambda.status).toBe(304);
    expect(viaLambda).toEqual(comparable(await overHttp(http.origin, event)));
  });

  it('sends a binary body base64-encoded and text as text', async () => {
    const png = await lambda.invoke(eventFor(fixture('Function URL'), { method: 'GET', path: '/api/docs/favicon-32x32.png' }));
    expect(png.result).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'image/png' } });
    expect(Buffer.from(png.result.body, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    const json = await lambda.invoke(eventFor(fixture('Function URL'), { method: 'GET', path: '/api/tags' }));
    expect(json.result).toMatchObject({ statusCode: 200, isBase64Encoded: false });
    expect(JSON.parse(json.result.body)).toMatchObject({ tags: expect.arrayContaining([tag]) });
  });

  it("logs JSON lines with the invocation's awsRequestId, and builds the app once per environment", async () => {
    const awsRequestId = '6c2d1e7a-3f4b-4a5c-9d8e-0f1a2b3c4d5e';
    const sentId = requestId();
    await lambda.invoke(eventFor(fixture('HTTP API'), { method: 'GET', path: '/api/user', headers: { 'x-request-id': sentId } }), awsRequestId);

    // The answer comes over IPC, the log line over stdout: the line may arrive a moment later.
    const lines = await logLinesUntil(lambda, (line) => line['awsRequestId'] === awsRequestId);
    expect(lines.find((line) => line['awsRequestId'] === awsRequestId)).toMatchObject({
      reqId: sentId,
      msg: 'request completed',
      req: { method: 'GET', url: '/api/user' },
      res: { statusCode: 401 },
      service: 'conduit-api',
    });
    const requestLines = lines.filter((line) => line['msg'] === 'request completed');
    expect(requestLines.length).toBeGreaterThan(cases.length * SOURCES.length);
    expect(requestLines.every((line) => typeof line['awsRequestId'] === 'string')).toBe(true);
    // Every invocation of this environment reused the one application.
    expect(lines.filter((line) => String(line['msg']).includes('ready on AWS Lambda'))).toHaveLength(1);
  });
});
