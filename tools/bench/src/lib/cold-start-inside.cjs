// Runs INSIDE a running API container (`docker exec -i <container> node -`, this file on
// stdin): spawns the image's own `node main.js` (WORKDIR /app) COLD_RUNS times on 127.0.0.1:
// COLD_PORT with the container's environment (its NODE_OPTIONS included) and times each from
// spawn to the first 200 on /api/health, polled every 2 ms over loopback inside the container.
// So the figure is the server process's start alone: no container creation, no network set-up,
// no published-port hop. Prints the times in ms as one JSON array on stdout.
const { spawn } = require('node:child_process');

const port = Number(process.env.COLD_PORT);
const runs = Number(process.env.COLD_RUNS);
const timeoutMs = 20_000;
const health = `http://127.0.0.1:${port}/api/health`;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers200() {
  try {
    const response = await fetch(health);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function coldStart() {
  const started = performance.now();
  const child = spawn(process.execPath, ['main.js'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    while (!(await answers200())) {
      if (gone) throw new Error(`main.js exited (${child.exitCode}) before /api/health answered 200`);
      if (performance.now() - started > timeoutMs) throw new Error(`main.js not healthy after ${timeoutMs} ms`);
      await sleep(2);
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  if (!(port > 0 && runs > 0)) throw new Error('set COLD_PORT and COLD_RUNS');
  // Load fetch (undici) before the first timing, so no run pays for it.
  await answers200();
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await coldStart());
  process.stdout.write(JSON.stringify(times));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
