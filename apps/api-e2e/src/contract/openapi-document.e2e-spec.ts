import { deref, operationsOf, readCommittedOpenApi, refName, type JsonObject, type OperationRef } from './openapi-support';

/**
 * The quality of our own document (the committed libs/api-client/openapi.json, which
 * openapi-drift proves is what the code describes): success codes and bodies as in
 * ../shared/conduit/API.md, errors in the `{errors: {...}}` format, auth documented.
 */

type Auth = 'none' | 'optional' | 'required';

/** method + path → success status, its JSON body schema (null: no body) and the auth mode. */
const EXPECTED: Record<string, { status: string; schema: string | null; auth: Auth }> = {
  'POST /users/login': { status: '200', schema: 'UserResponseDto', auth: 'none' },
  'POST /users': { status: '201', schema: 'UserResponseDto', auth: 'none' },
  'GET /user': { status: '200', schema: 'UserResponseDto', auth: 'required' },
  'PUT /user': { status: '200', schema: 'UserResponseDto', auth: 'required' },
  'GET /profiles/{username}': { status: '200', schema: 'ProfileResponseDto', auth: 'optional' },
  'POST /profiles/{username}/follow': { status: '200', schema: 'ProfileResponseDto', auth: 'required' },
  'DELETE /profiles/{username}/follow': { status: '200', schema: 'ProfileResponseDto', auth: 'required' },
  'GET /articles': { status: '200', schema: 'ArticleListResponseDto', auth: 'optional' },
  'GET /articles/feed': { status: '200', schema: 'ArticleListResponseDto', auth: 'required' },
  'GET /articles/{slug}': { status: '200', schema: 'ArticleResponseDto', auth: 'optional' },
  'POST /articles': { status: '201', schema: 'ArticleResponseDto', auth: 'required' },
  'PUT /articles/{slug}': { status: '200', schema: 'ArticleResponseDto', auth: 'required' },
  'DELETE /articles/{slug}': { status: '204', schema: null, auth: 'required' },
  'POST /articles/{slug}/comments': { status: '201', schema: 'CommentResponseDto', auth: 'required' },
  'GET /articles/{slug}/comments': { status: '200', schema: 'CommentListResponseDto', auth: 'optional' },
  'DELETE /articles/{slug}/comments/{id}': { status: '204', schema: null, auth: 'required' },
  'POST /articles/{slug}/favorite': { status: '200', schema: 'ArticleResponseDto', auth: 'required' },
  'DELETE /articles/{slug}/favorite': { status: '200', schema: 'ArticleResponseDto', auth: 'required' },
  'GET /tags': { status: '200', schema: 'TagListResponseDto', auth: 'none' },
  'GET /health': { status: '200', schema: 'HealthDto', auth: 'none' },
};

const doc = readCommittedOpenApi();
const operations = operationsOf(doc);
const responsesOf = (op: OperationRef) => (op.operation['responses'] ?? {}) as Record<string, JsonObject>;
const jsonSchema = (response: JsonObject | undefined) =>
  ((response?.['content'] as Record<string, JsonObject> | undefined)?.['application/json']?.['schema'] as JsonObject | undefined) ?? undefined;

function authOf(op: OperationRef): Auth {
  const security = (op.operation['security'] ?? []) as JsonObject[];
  if (security.length === 0) return 'none';
  return security.some((requirement) => Object.keys(requirement).length === 0) ? 'optional' : 'required';
}

describe('our OpenAPI document', () => {
  it('describes exactly the expected operations', () => {
    expect(operations.map((op) => op.key).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('has the `/api` server and the Token apiKey scheme (Authorization header)', () => {
    expect(doc['servers']).toEqual([{ url: '/api' }]);
    expect(doc.components?.['securitySchemes']?.['Token']).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('has no dangling or anonymous $ref (e.g. a lazy `type` swagger did not recognise)', () => {
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const ref = (node as JsonObject)['$ref'];
        if (typeof ref === 'string') refs.push(ref);
        Object.values(node).forEach(walk);
      }
    };
    walk(doc);
    const broken = refs.filter((ref) => {
      if (!/^#\/components\/schemas\/[A-Za-z]\w*$/.test(ref)) return true;
      try {
        deref(doc, { $ref: ref });
        return false;
      } catch {
        return true;
      }
    });
    expect(refs.length).toBeGreaterThan(0);
    expect([...new Set(broken)]).toEqual([]);
  });

  it('has the ErrorBodyDto schema: {errors: {<topic>: string[]}}', () => {
    expect(doc.components?.['schemas']?.['ErrorBodyDto']).toMatchObject({
      type: 'object',
      required: ['errors'],
      properties: { errors: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } } },
    });
  });

  describe.each(operations.map((op) => [op.key, op] as const))('%s', (key, op) => {
    const expected = EXPECTED[key];
    const responses = responsesOf(op);
    const documented = (status: string) => status in responses;

    it('has one success response with the right status and body', () => {
      const success = Object.keys(responses).filter((status) => status.startsWith('2'));
      const schema = jsonSchema(responses[expected.status]);
      expect({ success, schema: schema ? refName(schema) : null }).toEqual({ success: [expected.status], schema: expected.schema });
      if (expected.status === '204') expect(responses['204']['content']).toBeUndefined();
    });

    it('documents every error response with the ErrorBodyDto format', () => {
      const errors = Object.entries(responses).filter(([status]) => /^[45]/.test(status));
      const notErrorBody = errors
        .filter(([status]) => !(key === 'GET /health' && status === '503'))
        .filter(([, response]) => refName(jsonSchema(response)) !== 'ErrorBodyDto')
        .map(([status]) => status);
      expect(notErrorBody).toEqual([]);
    });

    it('documents its auth: the Token scheme and 401 where a token is checked', () => {
      expect(authOf(op)).toBe(expected.auth);
      if (expected.auth !== 'none') expect(documented('401') ? '401 documented' : '401 missing').toBe('401 documented');
    });

    it('documents 404 for the resources named in its path and 422 for its inputs', () => {
      const params = ((op.operation['parameters'] ?? []) as JsonObject[]).map((p) => `${String(p['in'])}`);
      const missing: string[] = [];
      if (params.includes('path') && !documented('404')) missing.push('404');
      const hasInput = op.operation['requestBody'] !== undefined || params.includes('query');
      if (hasInput && !documented('422')) missing.push('422');
      if (expected.auth === 'required' && /^(PUT|DELETE) \/articles\/\{slug\}(\/comments\/\{id\})?$/.test(key) && !documented('403')) {
        missing.push('403');
      }
      expect(missing).toEqual([]);
    });

    it('is tagged and has an operationId', () => {
      expect((op.operation['tags'] as string[] | undefined)?.length).toBe(1);
      expect(op.operation['operationId']).toEqual(expect.stringMatching(/^[A-Za-z]+_[A-Za-z]+$/));
    });
  });
});
