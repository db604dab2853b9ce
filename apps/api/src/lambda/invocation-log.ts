import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import pino, { type DestinationStream } from 'pino';

/** The invocation being handled, wherever its work goes (hooks, services, TypeORM). */
const invocation = new AsyncLocalStorage<Context>();

/** Runs `handle` as part of the invocation `context`: what it logs carries its awsRequestId. */
export function duringInvocation<T>(context: Context, handle: () => T): T {
  return invocation.run(context, handle);
}

/**
 * Where the app's logger writes on Lambda: stdout, synchronously (an environment is frozen
 * as soon as the answer is out, so nothing may wait in a buffer), each line written during an
 * invocation with its `awsRequestId` first, the id Lambda reports for it (REPORT line,
 * CloudWatch), next to the API's own `reqId`. Done on the line, not in a request's logger,
 * so that every line of an invocation has it: also those of a request answered by the first
 * hook (a CORS preflight), of a plugin's routes, of TypeORM.
 */
export function invocationLogDestination(out: DestinationStream = pino.destination({ dest: 1, sync: true })): DestinationStream {
  return {
    write(line: string) {
      const awsRequestId = invocation.getStore()?.awsRequestId;
      // pino writes one JSON object per line: `{"level":…}\n`.
      out.write(awsRequestId && line.startsWith('{') ? `{"awsRequestId":${JSON.stringify(awsRequestId)},${line.slice(1)}` : line);
    },
  };
}
