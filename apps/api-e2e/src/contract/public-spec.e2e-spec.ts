import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  PUBLIC_SPEC,
  deref,
  jsonSchemaOf,
  normalisePath,
  operationsOf,
  readCommittedOpenApi,
  type JsonObject,
  type OpenApiDocument,
  type OperationRef,
} from './openapi-support';

/**
 * Clients written against the public RealWorld spec must work against our API unchanged.
 * Our side is the committed libs/api-client/openapi.json, which openapi-drift proves is
 * what the code describes. Deliberate differences are listed in docs/api-contract.md; the
 * ones that would otherwise fail a check here are allowed explicitly below.
 */

/**
 * Error statuses the public spec lists that this API cannot produce (docs/api-contract.md):
 * two articles with one title get distinct slugs (API.md "Rules"), so creating one never conflicts.
 */
const NEVER_ANSWERED = new Set(['POST /articles 409']);

type Direction = 'request' | 'response';

/** The JSON types a schema admits (`integer` is also a `number`; `nullable`/3.1 `null` included). */
function typesOf(schema: JsonObject): Set<string> {
  const declared = schema['type'];
  const types = new Set<string>(Array.isArray(declared) ? (declared as string[]) : declared ? [declared as string] : []);
  if (types.size === 0 && schema['properties']) types.add('object');
  if (types.size === 0 && schema['items']) types.add('array');
  if (schema['nullable'] === true) types.add('null');
  return types;
}

const admits = (types: Set<string>, type: string): boolean => types.has(type) || (type === 'integer' && types.has('number'));

/** `allOf: [{$ref}]` (what generators emit to annotate a reference) is the referenced schema. */
function unwrap(doc: OpenApiDocument, node: unknown): JsonObject {
  let schema = deref(doc, node);
  while (Array.isArray(schema['allOf']) && (schema['allOf'] as unknown[]).length === 1 && !schema['properties']) {
    schema = { ...deref(doc, (schema['allOf'] as unknown[])[0]), ...(schema['nullable'] === true ? { nullable: true } : {}) };
  }
  return schema;
}

/**
 * Public schema vs ours, recursively. Requests: whatever a public client sends, we accept
 * (we may accept more). Responses: whatever we send, a public client can read (we may send more).
 */
function compare(
  publicDoc: OpenApiDocument,
  publicNode: unknown,
  ourDoc: OpenApiDocument,
  ourNode: unknown,
  direction: Direction,
  where: string,
  problems: string[],
): void {
  const pub = unwrap(publicDoc, publicNode);
  const ours = unwrap(ourDoc, ourNode);
  const pubTypes = typesOf(pub);
  const ourTypes = typesOf(ours);
  if (direction === 'request') {
    for (const type of pubTypes) if (!admits(ourTypes, type)) problems.push(`${where}: public clients send ${type}, we accept ${[...ourTypes].join('|')}`);
  } else {
    for (const type of ourTypes) {
      if (admits(pubTypes, type)) continue;
      problems.push(`${where}: we send ${type}, the public spec says ${[...pubTypes].join('|')}`);
    }
  }
  if (pub['format'] === 'date-time' && ours['format'] !== 'date-time') problems.push(`${where}: public format date-time, ours ${String(ours['format'])}`);

  const pubProps = (pub['properties'] ?? {}) as Record<string, unknown>;
  const ourProps = (ours['properties'] ?? {}) as Record<string, unknown>;
  const pubRequired = new Set((pub['required'] ?? []) as string[]);
  const ourRequired = new Set((ours['required'] ?? []) as string[]);
  for (const [name, schema] of Object.entries(pubProps)) {
    if (!(name in ourProps)) {
      problems.push(`${where}.${name}: missing on our side`);
      continue;
    }
    compare(publicDoc, schema, ourDoc, ourProps[name], direction, `${where}.${name}`, problems);
  }
  if (direction === 'response') {
    for (const name of pubRequired) if (!ourRequired.has(name)) problems.push(`${where}.${name}: required in the public spec, optional in ours`);
  } else {
    for (const name of ourRequired) if (!pubRequired.has(name)) problems.push(`${where}.${name}: we require it, public clients may leave it out`);
  }
  if (pub['items'] !== undefined) {
    if (ours['items'] === undefined) problems.push(`${where}[]: public spec has an array, ours has no items`);
    else compare(publicDoc, pub['items'], ourDoc, ours['items'], direction, `${where}[]`, problems);
  }
}

function parametersOf(doc: OpenApiDocument, op: OperationRef): Map<string, JsonObject> {
  const all = [...op.pathParameters, ...((op.operation['parameters'] ?? []) as unknown[])].map((p) => deref(doc, p));
  return new Map(all.map((p) => [`${String(p['in'])}:${String(p['name'])}`, p]));
}

const successStatuses = (op: OperationRef): string[] => Object.keys((op.operation['responses'] ?? {}) as JsonObject).filter((s) => /^2\d\d$/.test(s));

function loadPublicSpec(): OpenApiDocument {
  if (!existsSync(PUBLIC_SPEC)) {
    throw new Error(`the public spec is not at ${PUBLIC_SPEC} (expected ../shared/conduit/openapi.yml beside the repository)`);
  }
  return parse(readFileSync(PUBLIC_SPEC, 'utf8')) as OpenApiDocument;
}

const publicDoc = loadPublicSpec();
const ourDoc = readCommittedOpenApi();
const ours = new Map(operationsOf(ourDoc).map((op) => [`${op.method.toUpperCase()} ${normalisePath(op.path)}`, op]));
const publicOperations = operationsOf(publicDoc).map((op) => ({ ...op, id: `${op.method.toUpperCase()} ${normalisePath(op.path)}` }));

describe('compatibility with the public RealWorld spec', () => {
  it('loads the public spec (19 operations)', () => {
    expect(publicOperations.map((op) => op.key)).toHaveLength(19);
  });

  describe.each(publicOperations.map((op) => [op.key, op] as const))('%s', (_key, pub) => {
    const our = ours.get(pub.id);

    it('exists in our API', () => {
      expect(our ? 'present' : `no ${pub.id} in libs/api-client/openapi.json`).toBe('present');
    });

    it('answers with the same success status', () => {
      expect(our && successStatuses(our)).toEqual(successStatuses(pub));
    });

    it('accepts the same parameters (same place, compatible type)', () => {
      const problems: string[] = [];
      const ourParams = our ? parametersOf(ourDoc, our) : new Map<string, JsonObject>();
      const publicParams = parametersOf(publicDoc, pub);
      // Path parameter names are free (`{slug}` vs `{articleSlug}`): match them by position.
      const inPath = (params: Map<string, JsonObject>) => [...params.values()].filter((p) => p['in'] === 'path');
      const ourPathParams = inPath(ourParams);
      const publicPathParams = inPath(publicParams);
      for (const [id, param] of publicParams) {
        const candidate = param['in'] === 'path' ? ourPathParams[publicPathParams.indexOf(param)] : ourParams.get(id);
        if (!candidate) {
          problems.push(`${id}: missing on our side`);
          continue;
        }
        if (candidate['required'] === true && param['required'] !== true) problems.push(`${id}: we require it, the public spec does not`);
        compare(publicDoc, param['schema'] ?? {}, ourDoc, candidate['schema'] ?? {}, 'request', id, problems);
      }
      expect(problems).toEqual([]);
    });

    it('accepts every request body a public client sends', () => {
      const problems: string[] = [];
      const publicBody = pub.operation['requestBody'];
      if (publicBody !== undefined) {
        const publicSchema = jsonSchemaOf(publicDoc, publicBody);
        const ourSchema = our ? jsonSchemaOf(ourDoc, our.operation['requestBody']) : undefined;
        if (!ourSchema) problems.push('no JSON request body on our side');
        else compare(publicDoc, publicSchema, ourDoc, ourSchema, 'request', 'body', problems);
      }
      expect(problems).toEqual([]);
    });

    it('sends success bodies a public client can read', () => {
      const problems: string[] = [];
      for (const status of successStatuses(pub)) {
        const publicSchema = jsonSchemaOf(publicDoc, (pub.operation['responses'] as JsonObject)[status]);
        const ourResponse = our ? (our.operation['responses'] as JsonObject)[status] : undefined;
        const ourSchema = ourResponse ? jsonSchemaOf(ourDoc, ourResponse) : undefined;
        if (!publicSchema) {
          if (ourSchema) problems.push(`${status}: the public spec has no body, we send one`);
        } else if (!ourSchema) problems.push(`${status}: no JSON body on our side`);
        else compare(publicDoc, publicSchema, ourDoc, ourSchema, 'response', status, problems);
      }
      expect(problems).toEqual([]);
    });

    it("documents the public spec's 401, 403, 404 and 409 with the error model", () => {
      const documented = (op: OperationRef | undefined) => Object.keys((op?.operation['responses'] ?? {}) as JsonObject);
      const contractStatuses = documented(pub)
        .filter((status) => ['401', '403', '404', '409'].includes(status))
        .filter((status) => !NEVER_ANSWERED.has(`${pub.id} ${status}`));
      const missing = contractStatuses.filter((status) => !documented(our).includes(status));
      expect(missing).toEqual([]);
      for (const status of contractStatuses) {
        const schema = our ? jsonSchemaOf(ourDoc, (our.operation['responses'] as JsonObject)[status]) : undefined;
        expect({ status, errors: schema ? Object.keys((deref(ourDoc, schema)['properties'] ?? {}) as JsonObject) : [] }).toEqual({ status, errors: ['errors'] });
      }
    });

    it('needs a token exactly where the public spec does', () => {
      const needsToken = (doc: OpenApiDocument, op: OperationRef | undefined): boolean => {
        const security = (op?.operation['security'] ?? doc['security'] ?? []) as JsonObject[];
        // `[{Token: []}, {}]` is optional auth: a token personalises, none is fine.
        return security.length > 0 && security.every((requirement) => 'Token' in requirement);
      };
      expect(needsToken(ourDoc, our)).toBe(needsToken(publicDoc, pub));
    });
  });

  it('has the Token apiKey scheme in the Authorization header, like the public spec', () => {
    const scheme = (doc: OpenApiDocument) => {
      const { type, in: location, name } = deref(doc, doc.components?.['securitySchemes']?.['Token']);
      return { type, in: location, name };
    };
    expect(scheme(ourDoc)).toEqual(scheme(publicDoc));
  });

  it('tags every public operation like the public spec', () => {
    const tagsOf = (op: OperationRef | undefined) => (op?.operation['tags'] ?? []) as string[];
    const mismatches = publicOperations
      .filter((pub) => JSON.stringify(tagsOf(ours.get(pub.id))) !== JSON.stringify(tagsOf(pub)))
      .map((pub) => `${pub.key}: ours ${JSON.stringify(tagsOf(ours.get(pub.id)))}, public ${JSON.stringify(tagsOf(pub))}`);
    expect(mismatches).toEqual([]);
  });

  it('adds no operation beyond the public spec except the documented ones', () => {
    const publicIds = new Set(publicOperations.map((op) => op.id));
    const extra = [...ours.keys()].filter((id) => !publicIds.has(id));
    expect(extra).toEqual(['GET /health']);
  });
});
