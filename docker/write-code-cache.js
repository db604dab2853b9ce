// Image build step: start the server once on a throw-away SQLite file and stop it with SIGTERM
// once it is healthy; main.js has written server.js.cache by then, right after that first
// answer (V8's bytecode for what start-up and the first request compiled; docs/performance.md).
// Run with the runtime's ENV, so the cache is made under the same V8 flags (NODE_OPTIONS) it
// will be read under.
const { spawn } = require('node:child_process');
const { existsSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const port = '3999';
const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
const server = spawn(process.execPath, ['main.js'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'warm-up.sqlite')}`,
    HOST: '127.0.0.1',
    PORT: port,
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'only-for-the-image-build-warm-up-0123456789',
  },
});
const exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));

async function answered(path) {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`)).ok;
  } catch {
    return false;
  }
}

async function main() {
  const deadline = Date.now() + 60_000;
  while (!(await answered('/api/health'))) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error('the server did not become healthy');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  server.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`the server exited with ${code}`);
  if (!existsSync('server.js.cache')) throw new Error('main.js wrote no server.js.cache');
}

main()
  .catch((error) => {
    server.kill('SIGKILL');
    console.error(`write-code-cache: ${error.message}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
