import type { FastifyInstance } from 'fastify';
import { bodyTooDeep } from '../errors/http-errors';

/** No Conduit body nests deeper than 4 levels; 32 leaves room and bounds every walk over a body. */
const MAX_BODY_DEPTH = 32;

/** How deep `value` nests (a scalar is 0), counted without recursion so no body can overflow the stack. */
function depthOf(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    const inside = depth + 1;
    if (inside > deepest) deepest = inside;
    if (deepest > limit) return deepest;
    for (const child of Object.values(node)) pending.push([child, inside]);
  }
  return deepest;
}

/**
 * JSON bodies through Fastify's own safe parser (prototype-poisoning checks), except that
 * an empty body is "no body" (clients send `Content-Type: application/json` on body-less
 * POSTs such as follow and favorite), and a body nested deeper than `MAX_BODY_DEPTH` is a
 * 400 before anything walks it (validation, class-transformer and the NUL check all
 * recurse). Register with Nest's `bodyParser: false`.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    return parseJson(request, body as string, (error, parsed) => {
      if (error) return done(error);
      if (depthOf(parsed, MAX_BODY_DEPTH) > MAX_BODY_DEPTH) return done(bodyTooDeep(MAX_BODY_DEPTH));
      return done(null, parsed);
    });
  });
}
