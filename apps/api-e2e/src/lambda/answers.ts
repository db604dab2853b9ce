import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaResult } from '@conduit/testing/api-process';

/** A response, whichever way it came: over HTTP or as a Lambda result. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type EventSource = 'Function URL' | 'HTTP API';

const FIXTURES: Record<EventSource, string> = { 'Function URL': 'function-url.json', 'HTTP API': 'http-api.json' };

/** The captured event of `source` (fixtures/README.md). */
export function fixture(source: EventSource): APIGatewayProxyEventV2 {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', FIXTURES[source]), 'utf8')) as APIGatewayProxyEventV2;
}

/** What the client gets from a Function URL or HTTP API for `result` (a base64 body decoded). */
export function fromLambda(result: LambdaResult): Answer {
  return { status: result.statusCode, headers: result.headers, body: Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8') };
}

/** Set per connection or per hop, not by the API: they differ between HTTP and Lambda by nature. */
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * The same request as `event`, sent to the HTTP server at `origin` with node:http rather than
 * @conduit/testing/http (fetch): exactly the event's headers, nothing a fetch adds, and the body
 * as bytes (a binary answer must compare byte for byte): method, raw path and
 * query, every header the event carries (the client's own and the ones the AWS front end
 * adds), the decoded body.
 */
export function overHttp(origin: string, event: APIGatewayProxyEventV2): Promise<Answer> {
  const headers = Object.fromEntries(Object.entries(event.headers).filter(([name]) => name !== 'host' && name !== 'content-length'));
  const body = event.body === undefined ? undefined : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  const path = event.rawQueryString ? `${event.rawPath}?${event.rawQueryString}` : event.rawPath;
  return new Promise((resolve, reject) => {
    const sent = httpRequest(`${origin}${path}`, { method: event.requestContext.http.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(',') : value;
        resolve({ status: response.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

/**
 * What must be the same both ways: the status, every header the API sets (content type,
 * request id, security headers, CORS, ETag, …) and the body (JSON parsed, then `normalize`d
 * for values that differ per request by design, such as a new token or slug; the ETag, a
 * digest of that body, then only keeps its form).
 */
export function comparable(answer: Answer, normalize?: (json: unknown) => unknown) {
  const headers = Object.fromEntries(
    Object.entries(answer.headers)
      .map(([name, value]) => [name.toLowerCase(), value] as const)
      .filter(([name]) => !TRANSPORT_HEADERS.has(name))
      .map(([name, value]) => [name, normalize && name === 'etag' ? value.replace(/^W\/"[^"]+"$/, 'W/"<digest of the body>"') : value] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const type = headers['content-type'] ?? '';
  let body: unknown;
  if (answer.body.length === 0) body = '';
  else if (type.startsWith('application/json')) body = (normalize ?? ((json: unknown) => json))(JSON.parse(answer.body.toString('utf8')));
  else if (type.startsWith('text/')) body = answer.body.toString('utf8');
  else body = { bytes: answer.body.length, base64: answer.body.toString('base64') };
  return { status: answer.status, headers, body };
}
