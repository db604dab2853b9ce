import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectStatus, http } from './http';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('http (against a real local server)', () => {
  let server: Server;
  let baseUrl: string;
  let seen: Seen | undefined;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
        if (request.url === '/api/slow') return void setTimeout(() => response.end('late'), 2_000);
        if (request.url === '/api/text') return void response.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
        if (request.url === '/api/empty') return void response.writeHead(204).end();
        response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ echoed: seen.body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends a body as JSON with its content type and the token header, and parses the JSON answer', async () => {
    const response = await http<{ echoed: string }>(baseUrl, 'POST', '/things', { body: { a: 1 }, token: 't0k3n' });
    expect(seen).toMatchObject({ method: 'POST', url: '/api/things', body: '{"a":1}' });
    expect(seen?.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Token t0k3n' });
    expect(response).toMatchObject({ status: 201, json: { echoed: '{"a":1}' }, text: '{"echoed":"{\\"a\\":1}"}' });
    expect(response.ms).toBeGreaterThan(0);
  });

  it('sends a raw body as-is, keeping a content type the caller chose', async () => {
    await http(baseUrl, 'PUT', '/things', { rawBody: '{not json', headers: { 'Content-Type': 'text/plain' } });
    expect(seen?.body).toBe('{not json');
    expect(seen?.headers['content-type']).toBe('text/plain');
  });

  it('sends no content type without a body, and answers undefined json for empty or non-JSON bodies', async () => {
    expect(await http(baseUrl, 'GET', '/empty')).toMatchObject({ status: 204, text: '', json: undefined });
    expect(seen?.headers['content-type']).toBeUndefined();
    expect(await http(baseUrl, 'GET', '/text')).toMatchObject({ status: 500, text: 'boom', json: undefined });
  });

  it('aborts after timeoutMs', async () => {
    await expect(http(baseUrl, 'GET', '/slow', { timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('expectStatus answers the parsed body, or throws naming the call, the status and the body', async () => {
    await expect(expectStatus(201, baseUrl, 'POST', '/things', { body: 'x' })).resolves.toEqual({ echoed: '"x"' });
    await expect(expectStatus(200, baseUrl, 'GET', '/text')).rejects.toThrow('GET /text: expected 200, got 500 boom');
  });
});
