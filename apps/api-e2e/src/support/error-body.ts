import type { HttpResponse } from '@conduit/testing/http';

/** Asserts the contract's error format: `{"errors": {"<topic>": ["message", …]}}`. */
export function expectErrorBody(response: HttpResponse, status: number, topic?: string): void {
  expect({ status: response.status, body: response.json }).toEqual({ status, body: { errors: expect.any(Object) } });
  const errors = (response.json as { errors: Record<string, unknown> }).errors;
  expect(Object.keys(errors).length).toBeGreaterThan(0);
  for (const messages of Object.values(errors)) {
    expect(Array.isArray(messages) && messages.length > 0 && messages.every((m) => typeof m === 'string')).toBe(true);
  }
  if (topic !== undefined) expect(Object.keys(errors)).toContain(topic);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
}
