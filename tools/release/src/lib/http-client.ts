import { request, type Agent } from 'node:http';

export interface CallOptions {
  body?: unknown;
  /** `Authorization: Token <token>`. */
  token?: string;
  /** Send the body in 10 slices over this many ms: the server holds a half-read request meanwhile. */
  trickleMs?: number;
  /** A keep-alive agent; without one, each request has its own connection (`connection: close`). */
  agent?: Agent;
  timeoutMs?: number;
}

export interface CallResult {
  method: string;
  path: string;
  /** Set when a response arrived; `error` is set when none did. */
  status?: number;
  json?: unknown;
  text: string;
  error?: string;
  started: number;
  ended: number;
}

/** One HTTP request to the API; never rejects: a network failure comes back as `error`. */
export function call(base: URL, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const { body, token, trickleMs = 0, agent, timeoutMs = 30_000 } = options;
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const started = Date.now();
    const failed = (error: Error & { code?: string }): void =>
      resolve({ method, path, text: '', error: `${error.code ?? ''} ${error.message}`.trim(), started, ended: Date.now() });
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent: agent ?? false,
        headers: {
          ...(agent ? {} : { connection: 'close' }),
          ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          ...(token ? { authorization: `Token ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('error', failed);
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ method, path, status: res.statusCode, json, text: text.slice(0, 300), started, ended: Date.now() });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', failed);
    if (!payload) {
      req.end();
    } else if (trickleMs <= 0) {
      req.end(payload);
    } else {
      const slices = 10;
      const size = Math.ceil(payload.length / slices);
      let i = 0;
      const next = (): void => {
        const chunk = payload.subarray(i * size, (i + 1) * size);
        i += 1;
        if (i >= slices || chunk.length === 0) req.end(chunk);
        else {
          req.write(chunk);
          setTimeout(next, trickleMs / slices);
        }
      };
      next();
    }
  });
}

export const isSuccess = (result: CallResult): boolean => result.status !== undefined && result.status >= 200 && result.status < 300;
