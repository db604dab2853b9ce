// Plays the Lambda Node.js runtime for ONE execution environment, in its own process (as
// Lambda runs one): loads the handler named by _HANDLER from LAMBDA_TASK_ROOT (the init
// phase), then calls it once per `invoke` message from the parent, one at a time, with an
// event and a context shaped like Lambda's. The parent is lambda-process.ts; the handler runs
// in this process exactly as the runtime would run it, with nothing between it and the event.
// What the real runtime adds around it (polling the Runtime API, freezing) is not modelled.
//
// Without a parent on IPC, `node lambda-runtime.cjs <event.json>` invokes the handler once
// with that event, prints the result as JSON and exits (1 when the init or the handler fails):
// tools/release makes the Lambda code cache that way.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** @param {unknown} error */
const describe = (error) =>
  error instanceof Error ? { errorType: error.name, errorMessage: error.message } : { errorType: typeof error, errorMessage: String(error) };

const parent = process.send?.bind(process);
/** @param {{ type: string, errorMessage?: string }} message */
const send = (message) => (parent ? parent(message) : message.type === 'init-error' && process.stderr.write(`init failed: ${message.errorMessage}\n`));

const [moduleName, exportName] = (process.env._HANDLER ?? 'lambda.handler').split('.');
const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'conduit-api-test';
const region = process.env.AWS_REGION ?? 'eu-west-1';
const timeoutMs = Number(process.env.CONDUIT_LAMBDA_TIMEOUT_MS ?? 30_000);

const loadStarted = performance.now();
let handler;
try {
  handler = require(join(taskRoot, `${moduleName}.js`))[exportName];
  if (typeof handler !== 'function') throw new Error(`${moduleName}.${exportName} is not a function`);
} catch (error) {
  send({ type: 'init-error', ...describe(error) });
  process.exit(1);
}
send({ type: 'loaded', loadMs: performance.now() - loadStarted, sinceProcessStartMs: performance.now() });

/** The context object the runtime passes (the fields of aws-lambda's Context that are data). */
function contextFor(/** @type {string} */ awsRequestId) {
  const deadline = Date.now() + timeoutMs;
  return {
    awsRequestId,
    functionName,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1024',
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME ?? `/aws/lambda/${functionName}`,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME ?? 'local/[$LATEST]0',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

if (!parent) {
  const eventFile = process.argv[2];
  if (!eventFile) throw new Error('usage: node lambda-runtime.cjs <event.json> (or started by lambda-process.ts, on IPC)');
  handler(JSON.parse(readFileSync(eventFile, 'utf8')), contextFor(`local-${process.pid}`)).then(
    (response) => {
      process.stdout.write(`${JSON.stringify(response)}\n`);
      process.exit(0);
    },
    (error) => {
      process.stderr.write(`the handler failed: ${describe(error).errorType}: ${describe(error).errorMessage}\n`);
      process.exit(1);
    },
  );
}

let queue = Promise.resolve();
process.on('message', (/** @type {{ type: string, id: number, event: unknown, awsRequestId: string }} */ message) => {
  if (message.type !== 'invoke') return;
  // One invocation at a time per environment, as Lambda delivers them.
  queue = queue.then(async () => {
    const started = performance.now();
    try {
      const response = await handler(message.event, contextFor(message.awsRequestId));
      send({ type: 'response', id: message.id, ms: performance.now() - started, sinceProcessStartMs: performance.now(), response });
    } catch (error) {
      send({ type: 'error', id: message.id, ms: performance.now() - started, sinceProcessStartMs: performance.now(), ...describe(error) });
    }
  });
});
// The parent went away (or stop()): the environment ends.
process.on('disconnect', () => process.exit(0));
