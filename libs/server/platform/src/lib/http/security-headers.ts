import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's headers, computed once: run its middleware a single time against a recording
 * response and keep what it set. They depend only on the options, never on the request, so
 * every response can then get them from one map in one hook (helmet per request, or
 * @fastify/helmet, rebuilds them each time).
 */
function securityHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => (failure = error));
  if (failure !== undefined) throw failure;
  return Object.freeze(headers);
}

/**
 * The API's own policy. The docs page (Swagger UI) loads only its own scripts, but sets inline
 * styles and shows data: and https images, when it is served. No upgrade-insecure-requests: on
 * a plain-http origin that is not localhost (compose on a LAN host) it makes the browser fetch
 * the page's own assets over https, and the page stays blank.
 */
export function apiSecurityHeaders(docsEnabled: boolean): Readonly<Record<string, string>> {
  return securityHeaders({
    contentSecurityPolicy: docsEnabled
      ? {
          directives: {
            scriptSrc: ["'self'"],
            styleSrc: ["'self'", "'unsafe-inline'"],
            imgSrc: ["'self'", 'data:', 'https:'],
            upgradeInsecureRequests: null,
          },
        }
      : undefined,
  });
}
