import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { API_MAIN, freePort, spawnApi, type ApiProcess } from '@conduit/testing/api-process';
import { http } from '@conduit/testing/http';
import { WORKSPACE_ROOT } from '../contract/openapi-support';
import { sqliteFileUrl } from '../support/databases';

// main.js runs server.js through V8's code cache in server.js.cache (docs/performance.md). Here
// in a copy of the build of its own, so the cache file is this test's alone.

const BUILD = dirname(API_MAIN);
const WORKSPACE_NODE_MODULES = join(WORKSPACE_ROOT, 'node_modules');

/** main.js and server.js alone in a new directory; their externals resolve through node_modules. */
function copyOfTheServer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conduit-code-cache-'));
  for (const file of ['main.js', 'server.js']) copyFileSync(join(BUILD, file), join(dir, file));
  symlinkSync(WORKSPACE_NODE_MODULES, join(dir, 'node_modules'), 'dir');
  return dir;
}

async function until(condition: () => boolean, what: string, server: ApiProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("the server's code cache", () => {
  let dir: string;
  let server: ApiProcess | undefined;
  const database = sqliteFileUrl().url;

  beforeAll(() => {
    dir = copyOfTheServer();
  });
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts the copy and resolves once it says it listens, before any request. */
  async function start(): Promise<ApiProcess> {
    const started = spawnApi({ DATABASE_URL: database, LOG_LEVEL: 'info' }, await freePort(), join(dir, 'main.js'));
    server = started;
    await until(() => started.output().includes(`listening on ${started.baseUrl}`), 'listening', started);
    return started;
  }

  it('is written once the first answer is sent, not at listen, and the next start uses it without writing it again', async () => {
    const cacheFile = join(dir, 'server.js.cache');

    const first = await start();
    expect(existsSync(cacheFile)).toBe(false);
    expect((await http(first.baseUrl, 'GET', '/health')).status).toBe(200);
    await until(() => existsSync(cacheFile), 'the cache file', first);
    expect(statSync(cacheFile).size).toBeGreaterThan(1_000_000);
    await first.stop();

    const { ino, mtimeMs } = statSync(cacheFile);
    const second = await start();
    // The write follows the first answer synchronously: by the second answer it would be done.
    expect((await http(second.baseUrl, 'GET', '/health')).status).toBe(200);
    expect((await http(second.baseUrl, 'GET', '/tags')).status).toBe(200);
    // A used cache is not written again (a write renames a new file over it).
    expect(statSync(cacheFile)).toMatchObject({ ino, mtimeMs });
  });
});
