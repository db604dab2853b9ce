/** Minimal JSON over `fetch` for the public API (the typed client is ESM-only; this runs as CommonJS). */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

export interface JsonRequest {
  body?: unknown;
  token?: string;
}

export async function request<T = unknown>(baseUrl: string, method: string, path: string, init: JsonRequest = {}): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers['authorization'] = `Token ${init.token}`;
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body: body as T, ms: performance.now() - started };
}

/** Like `request`, but any status other than `expected` throws with the body. */
export async function expectStatus<T = unknown>(
  expected: number,
  baseUrl: string,
  method: string,
  path: string,
  init: JsonRequest = {},
): Promise<T> {
  const response = await request<T>(baseUrl, method, path, init);
  if (response.status !== expected) {
    throw new Error(`${method} ${path}: expected ${expected}, got ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/** Runs `task` over `items` with at most `concurrency` in flight; results in input order. */
export async function pool<I, O>(items: readonly I[], concurrency: number, task: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
