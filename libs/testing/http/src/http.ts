/**
 * Raw HTTP to the API as a client sends it: the end-to-end tests (including the error paths a
 * typed client cannot even express: bad JSON, wrong types, odd headers) and the benchmarks.
 */
export interface HttpRequest {
  /** Sent as JSON (`content-type: application/json` unless `headers` names one). */
  body?: unknown;
  /** Sent as-is, for malformed payloads; wins over `body`. */
  rawBody?: string;
  /** Sent as `Authorization: Token <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** Aborts the request after this long (the call rejects with a `TimeoutError`). */
  timeoutMs?: number;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or `undefined` when the body is empty or not JSON. */
  json: T | undefined;
  /** From sending the request to having read the whole body. */
  ms: number;
}

export async function http<T = unknown>(baseUrl: string, method: string, path: string, request: HttpRequest = {}): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { ...request.headers };
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  if (request.token) headers['authorization'] = `Token ${request.token}`;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    signal: request.timeoutMs === undefined ? undefined : AbortSignal.timeout(request.timeoutMs),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, headers: response.headers, text, json: parseJson<T>(text), ms };
}

/** Like `http`, but any status other than `expected` throws, naming the call and the body. */
export async function expectStatus<T = unknown>(expected: number, baseUrl: string, method: string, path: string, request: HttpRequest = {}): Promise<T> {
  const response = await http<T>(baseUrl, method, path, request);
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${response.text.slice(0, 500)}`);
  }
  return response.json as T;
}

function parseJson<T>(text: string): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
