import { fork, type ChildProcess } from 'node:child_process';
import Fastify from 'fastify';

/** What the ceiling answers: about the size of `GET /api/tags` on the seeded database. */
const CEILING_BODY = { tags: ['aws', 'docker', 'fastify', 'http', 'json', 'nestjs', 'node', 'nx', 'perf', 'postgres'] };

export interface CeilingServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * A bare Fastify 5 server answering a fixed small JSON, in its own process like the API:
 * the most an HTTP/JSON server on Node can do on this machine, the yardstick for the API.
 */
export function startCeilingServer(): Promise<CeilingServer> {
  return new Promise((resolve, reject) => {
    // `fork` reuses this process's execArgv (the ts-node hooks), so the child runs this file.
    const child = fork(__filename, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`ceiling server exited with ${code}`)));
    child.once('message', (message: { port: number }) => {
      resolve({
        url: `http://127.0.0.1:${message.port}/`,
        child,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

async function serve(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', async () => CEILING_BODY);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (require.main === module && process.argv.includes('--serve')) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
