import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startApi, type ApiProcess } from '@conduit/testing/api-process';
import { requireChromium } from '@conduit/testing/browser';
import { sqliteFileUrl } from '../support/databases';
import { http } from '@conduit/testing/http';
import { registerUser } from '../support/users';
import { WORKSPACE_ROOT } from './openapi-support';

/**
 * The interactive docs page (Swagger UI at /api/docs) in a real browser: whichever Chromium or
 * Chrome `@conduit/testing/browser` finds (CHROMIUM_PATH, chromium on PATH, a system Chrome or
 * Edge), driven by playwright-core, which downloads nothing.
 *
 * The page is opened as http://conduit.test:<port> (mapped to 127.0.0.1 inside the browser),
 * not http://127.0.0.1: browsers treat loopback as a secure origin, so only a plain-http
 * host name shows what a user of `docker compose` on another machine gets (e.g. a CSP
 * `upgrade-insecure-requests` turns every asset request into https and the page stays blank).
 */
const HOST = 'conduit.test';
const SCREENSHOT = join(WORKSPACE_ROOT, 'test-output/docs-page.png');

describe('API docs page (Swagger UI in Chromium)', () => {
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    api = await startApi({ DATABASE_URL: sqliteFileUrl().url }); // API_DOCS defaults to on
    const author = await registerUser(api.baseUrl, 'docs');
    await author.client.articles.create({ title: 'Docs page', description: 'seen in Swagger UI', body: 'b', tagList: ['swagger', 'docs'] });
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('serves the page with a CSP that does not upgrade its own http assets to https', async () => {
    const response = await http(api?.origin ?? '', 'GET', '/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
  });

  describe('in the browser', () => {
    let context: BrowserContext | undefined;
    let profileDir: string | undefined;
    let page: Page;
    let browserName: string;
    let docsUrl: string;
    const pageProblems: string[] = [];

    beforeAll(async () => {
      const browser = requireChromium(); // without one: a single line saying what to install
      browserName = `${browser.executablePath} (${browser.source})`;
      docsUrl = `http://${HOST}:${new URL(api?.origin ?? '').port}/api/docs`;
      profileDir = mkdtempSync(join(tmpdir(), 'conduit-chromium-'));
      context = await chromium.launchPersistentContext(profileDir, {
        executablePath: browser.executablePath,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
          '--disable-quic',
          `--host-resolver-rules=MAP ${HOST} 127.0.0.1`,
        ],
        viewport: { width: 1280, height: 1600 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      page.on('requestfailed', (request) => pageProblems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
      page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
    }, 90_000);

    afterAll(async () => {
      await context?.close();
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    });

    afterEach(async () => {
      // The artifact, also (especially) when the test failed: test-output/ is gitignored.
      if (!page || page.url() === 'about:blank') return;
      mkdirSync(join(WORKSPACE_ROOT, 'test-output'), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    });

    it('lists the operations, and "Try it out" on GET /tags answers 200', async () => {
      await page.goto(docsUrl, { waitUntil: 'load' });
      try {
        await page.locator('.opblock').first().waitFor({ state: 'visible', timeout: 20_000 });
      } catch (error) {
        throw new Error(`Swagger UI did not render any operation at ${docsUrl} in ${browserName}:\n${pageProblems.join('\n') || String(error)}`);
      }
      const paths = await page.locator('.opblock-summary-path').allTextContents();
      const listed = paths.map((text) => text.replace(/\u200b/g, '').trim());
      expect(listed).toEqual(
        expect.arrayContaining(['/users/login', '/user', '/profiles/{username}/follow', '/articles/{slug}', '/articles/{slug}/comments/{id}', '/tags']),
      );

      const tags = page.locator('#operations-Tags-Tags_list');
      await tags.locator('.opblock-summary').click();
      await tags.getByRole('button', { name: 'Try it out' }).click();
      await tags.getByRole('button', { name: 'Execute' }).click();
      const status = tags.locator('.live-responses-table .response .response-col_status').first();
      await status.waitFor({ state: 'visible', timeout: 15_000 });
      const body = tags.locator('.live-responses-table .response-col_description pre').first();
      await page.waitForFunction(() => document.querySelector('.live-responses-table .response-col_description pre')?.textContent?.includes('swagger'), null, {
        timeout: 10_000,
      });

      expect((await status.textContent())?.trim()).toBe('200');
      expect(await body.textContent()).toContain('"swagger"');
      expect(pageProblems).toEqual([]);
    });
  });
});
