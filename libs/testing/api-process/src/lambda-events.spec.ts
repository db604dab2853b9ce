import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { eventFor } from './lambda-events';

const functionUrl: APIGatewayProxyEventV2 = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/api/tags',
  rawQueryString: '',
  headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'x-forwarded-proto': 'https', 'content-length': '0' },
  requestContext: {
    accountId: 'anonymous',
    apiId: 'abc',
    domainName: 'abc.lambda-url.eu-west-1.on.aws',
    domainPrefix: 'abc',
    http: { method: 'GET', path: '/api/tags', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'curl/8.5.0' },
    requestId: '3f0c5b0e-1111-4222-8333-944455556666',
    routeKey: '$default',
    stage: '$default',
    time: '01/Dec/2026:09:00:00 +0000',
    timeEpoch: 0,
  },
  body: 'left over from the capture',
  isBase64Encoded: false,
};

describe('eventFor', () => {
  const now = new Date(Date.UTC(2026, 11, 1, 9, 30, 5));

  it('puts the request where a 2.0 event carries it, the envelope unchanged', () => {
    const event = eventFor(functionUrl, { method: 'get', path: '/api/articles', query: 'tag=a&tag=b&limit=2', headers: { 'User-Agent': 'jest' } }, now);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/api/articles',
      rawQueryString: 'tag=a&tag=b&limit=2',
      // AWS joins repeated parameters with commas here.
      queryStringParameters: { tag: 'a,b', limit: '2' },
      headers: { host: 'abc.lambda-url.eu-west-1.on.aws', 'x-forwarded-proto': 'https', 'user-agent': 'jest' },
      isBase64Encoded: false,
    });
    expect(event.requestContext).toMatchObject({
      apiId: 'abc',
      http: { method: 'GET', path: '/api/articles', sourceIp: '203.0.113.7', userAgent: 'jest' },
      time: '01/Dec/2026:09:30:05 +0000',
      timeEpoch: now.getTime(),
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(event.requestContext.requestId).not.toBe(functionUrl.requestContext.requestId);
    expect(event).not.toHaveProperty('body');
    expect(event.headers).not.toHaveProperty('content-length');
  });

  it('sends a body as text or base64, with its length, and cookies apart from the headers', () => {
    const text = eventFor(functionUrl, { method: 'POST', path: '/api/users', body: '{"user":{"username":"é"}}', headers: { cookie: 'a=1; b=2' } });
    expect(text).toMatchObject({ body: '{"user":{"username":"é"}}', isBase64Encoded: false, cookies: ['a=1', 'b=2'] });
    expect(text.headers['content-length']).toBe('26');
    expect(text.headers).not.toHaveProperty('cookie');
    const encoded = eventFor(functionUrl, { method: 'POST', path: '/api/users', body: Buffer.from([0xff, 0x00, 0x41]), base64: true });
    expect(encoded).toMatchObject({ body: '/wBB', isBase64Encoded: true });
    expect(encoded.headers['content-length']).toBe('3');
  });

  it("makes request ids in the capture's format (HTTP API ids are not UUIDs) and fills an HTTP API's {proxy+}", () => {
    const httpApi = { ...functionUrl, pathParameters: { proxy: 'api/tags' }, requestContext: { ...functionUrl.requestContext, requestId: 'JKJaXmPLvHcESHA=' } };
    const event = eventFor(httpApi, { method: 'GET', path: '/api/articles/x' });
    expect(event.requestContext.requestId).toMatch(/^[A-Za-z0-9+/]{15}=$/);
    expect(event.pathParameters).toEqual({ proxy: 'api/articles/x' });
  });
});
