/**
 * The API as an AWS Lambda function (handler `lambda.handler`, `dist/apps/api/lambda.js`):
 * Function URL and API Gateway HTTP API events (payload format 2.0) in, their responses out.
 * The same Nest application as `main.ts`, built once per execution environment and reused by
 * every invocation it serves.
 */
import type { Context } from 'aws-lambda';
import type { HttpEventV2, LambdaHandler } from './lambda/adapter';
import { startEnvironment } from './lambda/environment';

let starting: Promise<LambdaHandler> | undefined;

function environment(): Promise<LambdaHandler> {
  starting ??= startEnvironment(process.env);
  return starting;
}

// Start while Lambda initialises the environment (its init phase), before the first event
// arrives. A failure is reported here once, then by the first invocation, which fails with it.
environment().catch((error: unknown) => {
  process.stderr.write(`Conduit API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
});

export async function handler(event: HttpEventV2, context: Context) {
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
