import { loadConfig } from '@conduit/server/platform';
import { createApp } from '../bootstrap';
import { buildOpenApiDocument } from './openapi-document';

describe('the OpenAPI document built from the app', () => {
  it('describes the public operations relative to the /api server, with the Token scheme', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' });
    const app = await createApp(config);
    await app.init();
    try {
      const document = buildOpenApiDocument(app, '1.0.0');
      expect(document.servers).toEqual([{ url: '/api' }]);
      expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/users/login', '/users', '/user', '/profiles/{username}', '/health']));
      expect(document.components?.securitySchemes?.['Token']).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
      expect(document.paths['/user']?.get?.security).toEqual([{ Token: [] }]);
      expect(Object.keys(document.paths['/users']?.post?.responses ?? {})).toContain('201');
    } finally {
      await app.close();
    }
  });
});
