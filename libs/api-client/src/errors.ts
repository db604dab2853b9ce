/** The API's error body: `{"errors": {"<field or topic>": ["message", …]}}`. */
export type ConduitErrors = Record<string, string[]>;

/**
 * Thrown for every non-2xx answer of the API. `status` is the HTTP status; `errors` is the
 * API's error map (for a body that is not the documented shape, `{ body: [<text>] }`).
 */
export class ConduitApiError extends Error {
  override readonly name = 'ConduitApiError';

  constructor(
    readonly status: number,
    readonly errors: ConduitErrors,
    readonly method: string,
    readonly url: string,
  ) {
    super(`${method} ${url} failed with ${status}: ${summarise(errors)}`);
  }

  /** Builds the error from a failed `Response` (reads a clone of its body). */
  static async fromResponse(response: Response, method: string, url = response.url): Promise<ConduitApiError> {
    let text = '';
    try {
      text = await response.clone().text();
    } catch {
      /* body unreadable: keep the status */
    }
    return new ConduitApiError(response.status, parseErrors(text, response), method, url);
  }
}

/** `true` when `error` is a `ConduitApiError` (optionally with one of the given statuses). */
export function isConduitApiError(error: unknown, ...statuses: number[]): error is ConduitApiError {
  return error instanceof ConduitApiError && (statuses.length === 0 || statuses.includes(error.status));
}

function parseErrors(text: string, response: Response): ConduitErrors {
  try {
    const body: unknown = JSON.parse(text);
    if (isErrorBody(body)) return body.errors;
  } catch {
    /* not JSON: fall through */
  }
  const message = text.trim() || response.statusText || `HTTP ${response.status}`;
  return { body: [message.slice(0, 500)] };
}

function isErrorBody(body: unknown): body is { errors: ConduitErrors } {
  if (typeof body !== 'object' || body === null) return false;
  const errors = (body as { errors?: unknown }).errors;
  return (
    typeof errors === 'object' &&
    errors !== null &&
    Object.values(errors).every((v) => Array.isArray(v) && v.every((m) => typeof m === 'string'))
  );
}

function summarise(errors: ConduitErrors): string {
  return Object.entries(errors)
    .map(([field, messages]) => `${field} ${messages.join(', ')}`)
    .join('; ');
}
