import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An HTTP request as a client sends it. */
export interface HttpRequest {
  method: string;
  /** The path as sent, e.g. `/api/articles` (percent-encoded where the client encoded it). */
  path: string;
  /** The query string as sent, without `?`. */
  query?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Deliver the body base64-encoded (`isBase64Encoded`), as AWS does for non-text bodies. */
  base64?: boolean;
}

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
function requestTime(now: Date): string {
  const [, day, month, year, time] = now.toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

/**
 * AWS's query parameters of a 2.0 event: decoded, repeated names joined with commas (so
 * `?tag=a&tag=b` and `?tag=a,b` look alike there; `rawQueryString` keeps the difference).
 */
function queryParameters(query: string): Record<string, string> | undefined {
  if (!query) return undefined;
  const joined: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(query)) joined[name] = name in joined ? `${joined[name]},${value}` : value;
  return joined;
}

/**
 * `request` as the Function URL or HTTP API (payload format 2.0) that `base` was captured
 * from would deliver it: `base` keeps its envelope (account, API id, domain, stage, route,
 * its headers such as `host`, `x-forwarded-*`, `x-amzn-trace-id`), the request's parts replace
 * the request-specific fields, the way AWS fills them: lower-case header names, cookies moved
 * from the `cookie` header to `cookies`, no `body` key without a body, a fresh request id in the
 * base's format (Function URL: a UUID; HTTP API: 11 random bytes in base64) and time, and an
 * HTTP API's `{proxy+}` path parameter.
 */
export function eventFor(base: APIGatewayProxyEventV2, request: HttpRequest, now = new Date()): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(base.headers)) if (value !== undefined) headers[name] = value;
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const cookie = headers['cookie'];
  delete headers['cookie'];
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  if (body) headers['content-length'] = String(body.length);
  else delete headers['content-length'];
  const uuidIds = /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(base.requestContext.requestId);

  const event: APIGatewayProxyEventV2 = {
    ...base,
    rawPath: request.path,
    rawQueryString: request.query ?? '',
    headers,
    requestContext: {
      ...base.requestContext,
      http: { ...base.requestContext.http, method: request.method.toUpperCase(), path: request.path, userAgent: headers['user-agent'] ?? '' },
      requestId: uuidIds ? randomUUID() : randomBytes(11).toString('base64'),
      time: requestTime(now),
      timeEpoch: now.getTime(),
    },
    isBase64Encoded: Boolean(body && request.base64),
  };
  delete event.queryStringParameters;
  delete event.cookies;
  delete event.body;
  const parameters = queryParameters(request.query ?? '');
  if (parameters) event.queryStringParameters = parameters;
  if (cookie) event.cookies = cookie.split(/;\s*/);
  if (body) event.body = body.toString(request.base64 ? 'base64' : 'utf8');
  // An HTTP API route `ANY /{proxy+}` names the path (without its leading slash) `proxy`.
  if (base.pathParameters?.['proxy'] !== undefined) event.pathParameters = { ...base.pathParameters, proxy: request.path.replace(/^\//, '') };
  return event;
}
