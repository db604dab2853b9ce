import { writeFileSync } from 'node:fs';
import { createApp, loadConfigOrExit } from './bootstrap';
import { buildOpenApiDocument } from './openapi/openapi-document';

/**
 * `node dist/apps/api/openapi-export.js [file]`: writes the API's OpenAPI document (stdout without a file).
 * Runs the real module graph on a throwaway in-memory database; the version is fixed
 * so the committed document only changes when the contract does.
 */
async function exportDocument(target: string | undefined): Promise<void> {
  const config = loadConfigOrExit({ ...process.env, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', APP_VERSION: 'contract' });
  const app = await createApp(config);
  await app.init();
  const json = `${JSON.stringify(buildOpenApiDocument(app, '1.0.0'), null, 2)}\n`;
  await app.close();
  if (target) writeFileSync(target, json);
  else process.stdout.write(json);
}

exportDocument(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`openapi export failed: ${String(error)}\n`);
  process.exit(1);
});
