import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_PREFIX, TOKEN_SECURITY_SCHEME } from '@conduit/server/platform';

/**
 * The API's own OpenAPI document, built from the controllers and the contracts' DTOs by
 * `openapi-export.js` (`npm run openapi`) and committed; the server serves that file.
 * Paths are relative to the `/api` server, as in the public RealWorld spec.
 */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const base = new DocumentBuilder()
    .setTitle('Conduit API')
    .setDescription('The RealWorld "Conduit" API, public spec 2.0.0 (users, profiles, articles, comments, favorites, tags).')
    .setVersion(version)
    .addServer(`/${API_PREFIX}`)
    // The public spec's tag names and order, plus our health check.
    .addTag('Articles')
    .addTag('Comments')
    .addTag('Favorites')
    .addTag('Profile')
    .addTag('Tags')
    .addTag('User and Authentication')
    .addTag('Health')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: '`Token <jwt>` (or `Bearer <jwt>`) from login or registration' },
      TOKEN_SECURITY_SCHEME,
    )
    .build();
  return SwaggerModule.createDocument(app, base, {
    ignoreGlobalPrefix: true,
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
