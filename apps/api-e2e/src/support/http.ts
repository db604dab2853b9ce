/** Raw HTTP for the error paths a typed client cannot even express (bad JSON, wrong types). */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON, or `undefined` when the body is empty or not JSON. */
  json: unknown;
}

export interface RawRequest {
  body?: unknown;
  /** Sent as-is, for malformed payloads. */
  rawBody?: string;
  token?: string;
  headers?: Record<string, string>;
}

export async function http(baseUrl: string, method: string, path: string, request: RawRequest = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.rawBody !== undefined) body = request.rawBody;
  else if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  if (request.token) headers['authorization'] = `Token ${request.token}`;
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Asserts the contract's error format: `{"errors": {"<topic>": ["message", …]}}`. */
export function expectErrorBody(response: RawResponse, status: number, topic?: string): void {
  expect({ status: response.status, body: response.json }).toEqual({ status, body: { errors: expect.any(Object) } });
  const errors = (response.json as { errors: Record<string, unknown> }).errors;
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const messages of Object.values(errors)) {
    expect(Array.isArray(messages) && messages.length > 0 && messages.every((m) => typeof m === 'string')).toBe(true);
  }
  if (topic !== undefined) expect(Object.keys(errors)).toContain(topic);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}
