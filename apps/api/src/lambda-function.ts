/**
 * The API as an AWS Lambda function: Function URL and API Gateway HTTP API events (payload
 * format 2.0) in, their responses out. The same Nest application as the server, built once per
 * execution environment and reused by every invocation it serves.
 *
 * Bundled as `dist/apps/api/lambda-function.js`; `lambda.js` (src/lambda.ts, handler
 * `lambda.handler`) runs it through V8's code cache and calls `start` during Lambda's init phase.
 */
import type { Context } from 'aws-lambda';
import type { CodeCacheState } from './code-cache/code-cache';
import type { HttpEventV2, LambdaHandler } from './lambda/adapter';
import { startEnvironment } from './lambda/environment';

let starting: Promise<LambdaHandler> | undefined;
let codeCache: CodeCacheState | undefined;

function environment(): Promise<LambdaHandler> {
  starting ??= startEnvironment(process.env, { codeCache });
  return starting;
}

async function handler(event: HttpEventV2, context: Context) {
  const attempt = environment();
  let proxy: LambdaHandler;
  try {
    proxy = await attempt;
  } catch (error) {
    // The next invocation starts afresh: a secret or the database may be reachable by then.
    if (starting === attempt) starting = undefined;
    throw error;
  }
  return proxy(event, context);
}

/**
 * Starts the app while Lambda initialises the environment, before the first event arrives, and
 * returns the handler. A failure is reported here once, then by the first invocation, which
 * fails with it. `loadedWith`: what happened to the code cache this bundle was compiled with
 * (the ready log line says it).
 */
export function start(loadedWith: CodeCacheState): typeof handler {
  codeCache = loadedWith;
  environment().catch((error: unknown) => {
    process.stderr.write(`Conduit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  });
  return handler;
}
