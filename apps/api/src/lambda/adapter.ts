import awsLambdaFastify, { type LambdaResponse } from '@fastify/aws-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { duringInvocation } from './invocation-log';

/** A Function URL or API Gateway HTTP API event (payload format 2.0): the same shape. */
export type HttpEventV2 = APIGatewayProxyEventV2;
export type LambdaHandler = (event: HttpEventV2, context: Context) => Promise<LambdaResponse>;

/**
 * Response types that travel as text; anything else (images, fonts, octet streams) goes back
 * base64-encoded, so a byte is never re-read as UTF-8 on its way out.
 */
const TEXT_TYPE = /^(text\/|application\/(json|javascript|xml|yaml|x-www-form-urlencoded)$|application\/[\w.+-]+\+(json|xml)$)/;

function isBinaryResponse(response: Pick<LightMyRequestResponse, 'headers'>): boolean {
  const encoding = response.headers['content-encoding'];
  if (encoding && encoding !== 'identity') return true;
  const type = String(response.headers['content-type'] ?? '')
    .split(';', 1)[0]
    .trim()
    .toLowerCase();
  return type !== '' && !TEXT_TYPE.test(type);
}

/**
 * The request as the client sent it. A 2.0 event's `queryStringParameters` joins repeated
 * parameters with commas (`?tag=a&tag=b` and `?tag=a,b` look the same), so the adapter would
 * pass the app a different query than the HTTP server gets; `rawQueryString` is what the client
 * sent, and with it in the URL Fastify parses the query exactly as it does over HTTP.
 */
function asSent(event: HttpEventV2): HttpEventV2 {
  if (!event.rawQueryString) return { ...event, queryStringParameters: undefined };
  return { ...event, rawPath: `${event.rawPath}?${event.rawQueryString}`, queryStringParameters: undefined };
}

/**
 * Fastify's own Lambda adapter around the app's Fastify instance: each invocation becomes an
 * in-process request (`inject`), so routing, hooks, validation, errors and the response log
 * are the server's; it runs as part of its invocation (`duringInvocation`: its log lines carry
 * the awsRequestId).
 *
 * Must run before the instance is ready.
 */
export function lambdaAdapter(fastify: FastifyInstance): LambdaHandler {
  const proxy = awsLambdaFastify<HttpEventV2>(fastify, {
    // Nothing reads request.awsLambda (and its per-request token map costs).
    decorateRequest: false,
    // The client sends no comma lists; rawQueryString carries the query anyway (asSent).
    parseCommaSeparatedQueryParams: false,
    enforceBase64: isBinaryResponse,
  });
  return (event, context) => duringInvocation(context, () => proxy(asSent(event), context));
}
