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
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { runWithCodeCache } from './code-cache/code-cache';
import type { HttpEventV2 } from './lambda/adapter';
import type { start } from './lambda-function';

function writable(directory: string): boolean {
  try {
    accessSync(directory, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const bundle = join(__dirname, 'lambda-function.js');
const loaded = runWithCodeCache(bundle, `${bundle}.cache`);
const invoke = (loaded.exports as { start: typeof start }).start(loaded.state);
// Checked once, at load: V8 serialising the cache takes 65-190 ms here (the server's, measured),
// never spent where it cannot be written.
let cacheToWrite = loaded.state !== 'used' && writable(__dirname);

export async function handler(event: HttpEventV2, context: Context) {
  const response = await invoke(event, context);
  if (cacheToWrite) {
    // After the first answer: the cache then holds the app's start and a request's path.
    cacheToWrite = false;
    loaded.writeIfChanged();
  }
  return response;
}
