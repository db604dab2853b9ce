/**
 * `lambda.handler`: the AWS Lambda function's entry (`dist/apps/api/lambda.js`). Runs the
 * function's bundle beside this file (`lambda-function.js`, built from src/lambda-function.ts)
 * through V8's code cache in `lambda-function.js.cache`, as main.js runs the server: compiling
 * what the bundle's load and the app's start run was most of a cold start (docs/performance.md).
 *
 * The release's zip carries a cache made on the Lambda runtime's Node and flags
 * (tools/release: package-lambda starts an environment once and invokes it). /var/task is
 * read-only, so on Lambda nothing is ever written; where the directory is writable (a local
 * dist/) the first invocation writes the cache when it was missing, stale or rejected.
 *
 * Imports nothing of the function: this file must stay small, compiled without a cache.
 */
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { runWithCodeCache } from './code-cache/code-cache';
import type { HttpEventV2 } from './lambda/adapter';
import type { start } from './lambda-function';

const bundle = join(__dirname, 'lambda-function.js');
const loaded = runWithCodeCache(bundle, `${bundle}.cache`);
const invoke = (loaded.exports as { start: typeof start }).start(loaded.state);
let answered = false;

export async function handler(event: HttpEventV2, context: Context) {
  const response = await invoke(event, context);
  if (!answered) {
    // After the first answer: the cache then holds the app's start and a request's path.
    // Nothing is serialised when the one read was used or the directory is read-only.
    answered = true;
    loaded.writeIfChanged();
  }
  return response;
}
