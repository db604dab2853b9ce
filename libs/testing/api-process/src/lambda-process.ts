import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { API_MAIN } from './api-main';
import { lambdaNodeFlags } from './lambda-node-flags.cjs';
import { spawnRecorded, testEnvironment, type EnvOverrides, type RecordedProcess } from './node-process';

/** The Lambda bundle `nx build api` writes beside main.js (handler `lambda.handler`). */
export const LAMBDA_BUNDLE = join(dirname(API_MAIN), 'lambda.js');

const RUNTIME = join(__dirname, 'lambda-runtime.cjs');

/** What a Function URL or HTTP API integration returns (payload format 2.0, buffered). */
export type LambdaResult = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };

interface Invocation {
  result: LambdaResult;
  /** The handler's own time for this invocation, measured inside the environment. */
  ms: number;
  /** From the environment's process start to this answer (the cold start, for the first one). */
  sinceProcessStartMs: number;
}

/** The handler threw (or rejected): what Lambda reports as a function error. */
export class LambdaFunctionError extends Error {
  constructor(
    readonly errorType: string,
    errorMessage: string,
  ) {
    super(errorMessage);
    this.name = 'LambdaFunctionError';
  }
}

export interface LambdaProcess extends RecordedProcess {
  /** Milliseconds the runtime took to require the bundle (the module-level part of the init). */
  loadMs: number;
  /** Invokes the handler with `event` and a context with `awsRequestId` (a new UUID by default). */
  invoke(event: APIGatewayProxyEventV2, awsRequestId?: string): Promise<Invocation>;
}

type RuntimeMessage =
  | { type: 'loaded'; loadMs: number }
  | { type: 'init-error'; errorType: string; errorMessage: string }
  | { type: 'response'; id: number; ms: number; sinceProcessStartMs: number; response: LambdaResult }
  | { type: 'error'; id: number; ms: number; sinceProcessStartMs: number; errorType: string; errorMessage: string };

/**
 * A fresh Lambda execution environment for the built bundle: its own process (lambda-runtime.cjs)
 * started with the runtime's node flags (lambda-node-flags.cjs), with the environment Lambda
 * sets (`AWS_LAMBDA_FUNCTION_NAME`, `AWS_REGION`, `_HANDLER`, `LAMBDA_TASK_ROOT`, …) and the
 * API's test defaults, `env` on top (`undefined` removes a variable). Resolves once the bundle
 * is loaded; the app itself starts as the bundle decides (at load, the first invocation waits
 * for it). Output is recorded like an API process's.
 */
export async function startLambda(env: EnvOverrides): Promise<LambdaProcess> {
  if (!existsSync(LAMBDA_BUNDLE)) throw new Error(`${LAMBDA_BUNDLE} is missing: run \`npx nx build api\` first`);
  const lambdaEnv = {
    AWS_LAMBDA_FUNCTION_NAME: 'conduit-api-test',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_REGION: 'eu-west-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    _HANDLER: 'lambda.handler',
    LAMBDA_TASK_ROOT: dirname(LAMBDA_BUNDLE),
    ...env,
  };
  const flags = lambdaNodeFlags(Number(lambdaEnv.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? 1024));
  const recorded = spawnRecorded([...flags, RUNTIME], testEnvironment(lambdaEnv), {
    instance: `lambda-${randomUUID().slice(0, 8)}`,
    header: (pid) => `Lambda environment pid ${pid} (${flags.join(' ')}); env over the test defaults: ${JSON.stringify(env)}`,
  }, ['ignore', 'pipe', 'pipe', 'ipc']);
  const { child } = recorded;
  const where = () => (recorded.logFile ? ` (its whole output: ${recorded.logFile})` : '');

  const pending = new Map<number, { resolve: (invocation: Invocation) => void; reject: (error: Error) => void }>();
  let loaded: (loadMs: number) => void = () => undefined;
  let failed: (error: Error) => void = () => undefined;
  const ready = new Promise<number>((resolve, reject) => {
    loaded = resolve;
    failed = reject;
  });
  child.on('message', (message: RuntimeMessage) => {
    if (message.type === 'loaded') return loaded(message.loadMs);
    if (message.type === 'init-error') return failed(new LambdaFunctionError(message.errorType, message.errorMessage));
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'response') waiting?.resolve({ result: message.response, ms: message.ms, sinceProcessStartMs: message.sinceProcessStartMs });
    else waiting?.reject(new LambdaFunctionError(message.errorType, message.errorMessage));
  });
  void recorded.exited.then((code) => {
    const gone = new Error(`the Lambda environment exited with ${code}${where()}:\n${recorded.output()}`);
    failed(gone);
    for (const waiting of pending.values()) waiting.reject(gone);
    pending.clear();
  });

  const loadMs = await ready;
  let next = 0;
  return {
    ...recorded,
    loadMs,
    invoke(event, awsRequestId = randomUUID()) {
      const id = next++;
      return new Promise<Invocation>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ type: 'invoke', id, event, awsRequestId });
      });
    },
  };
}
