import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import swaggerUiAssets from 'swagger-ui-dist/absolute-path';
import { API_PREFIX, type AppConfig } from '@conduit/server/platform';

/**
 * The committed contract document (`libs/api-client/openapi.json`, which the drift test proves
 * is what the code describes), copied beside the bundle by the build.
 */
const DOCUMENT_FILE = join(__dirname, 'openapi.json');

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Conduit API</title>
    <link rel="stylesheet" href="./swagger-ui.css" />
    <link rel="icon" type="image/png" href="./favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="./swagger-ui-bundle.js"></script>
    <script src="./swagger-ui-standalone-preset.js"></script>
    <script src="./conduit-docs.js"></script>
  </body>
</html>
`;

/** Swagger UI pointed at our document; a file of its own, so the page needs no inline script. */
const INITIALISER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '/${API_PREFIX}/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    // No badge that sends the document to validator.swagger.io.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
};
`;

/**
 * `GET /api/openapi.json` (and `.yaml`) and the interactive page at `/api/docs` (API_DOCS=off
 * hides them). The document is read on the first request and given this release's version;
 * Swagger UI's own files are served from `swagger-ui-dist`. Call before `listen()`.
 */
export async function serveApiDocs(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  let json: string | undefined;
  const documentJson = (): string => {
    if (json === undefined) {
      const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as { info: { version: string } };
      document.info.version = config.version;
      json = JSON.stringify(document);
    }
    return json;
  };
  fastify.get(`/${API_PREFIX}/openapi.json`, (_request, reply) => reply.type('application/json; charset=utf-8').send(documentJson()));
  fastify.get(`/${API_PREFIX}/openapi.yaml`, async (_request, reply) => {
    const { stringify } = await import('yaml');
    return reply.type('text/yaml; charset=utf-8').send(stringify(JSON.parse(documentJson())));
  });
  fastify.get(`/${API_PREFIX}/docs`, (_request, reply) => reply.redirect(`/${API_PREFIX}/docs/`));
  fastify.get(`/${API_PREFIX}/docs/`, (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
  fastify.get(`/${API_PREFIX}/docs/conduit-docs.js`, (_request, reply) => reply.type('text/javascript; charset=utf-8').send(INITIALISER));
  await fastify.register(fastifyStatic, {
    root: swaggerUiAssets(),
    prefix: `/${API_PREFIX}/docs/`,
    index: false,
    decorateReply: false,
    allowedPath: (pathname) => ALLOWED_ASSETS.has(pathname.replace(/^\//, '')),
  });
}

/** Only what the page loads; swagger-ui-dist also holds its own demo page and source maps. */
const ALLOWED_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png']);
