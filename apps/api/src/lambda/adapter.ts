import awsLambdaFastify, { type LambdaResponse } from '@fastify/aws-lambda';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify';

/** A Function URL or API Gateway HTTP API event (payload format 2.0): the same shape. */
export type HttpEventV2 = APIGatewayProxyEventV2;
export type LambdaHandler = (event: HttpEventV2, context: Context) => Promise<LambdaResponse>;

/** Where the adapter decorates each request with its invocation (its `decorationPropertyName`). */
interface InvokedRequest extends FastifyRequest {
  awsLambda?: { context?: Context };
}

/**
 * Response types that travel as text; anything else (images, fonts, octet streams) goes back
 * base64-encoded, so a byte is never re-read as UTF-8 on its way out.
 */
const TEXT_TYPE = /^(text\/|application\/(json|javascript|xml|yaml|x-www-form-urlencoded)$|application\/[\w.+-]+\+(json|xml)$)/;

export function isBinaryResponse(response: Pick<LightMyRequestResponse, 'headers'>): boolean {
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
 * are the server's. Each request logs with the invocation's `awsRequestId` too, the id Lambda
 * reports for it (its REPORT line, CloudWatch), next to the API's own `reqId`.
 *
 * Must run before the instance is ready (it decorates the request).
 */
export function lambdaAdapter(fastify: FastifyInstance): LambdaHandler {
  const proxy = awsLambdaFastify<HttpEventV2>(fastify, {
    decorateRequest: true,
    // The client sends no comma lists; rawQueryString carries the query anyway (asSent).
    parseCommaSeparatedQueryParams: false,
    enforceBase64: isBinaryResponse,
  });
  fastify.addHook('onRequest', (request: InvokedRequest, _reply, done) => {
    const awsRequestId = request.awsLambda?.context?.awsRequestId;
    if (awsRequestId) request.log = request.log.child({ awsRequestId });
    done();
  });
  return (event, context) => proxy(asSent(event), context);
}
