import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is apps/api-e2e/src/contract/openapi-support.ts). */
export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

/** `nx build api` writes it; `node openapi-export.js [file]` prints (or writes) the document. */
const OPENAPI_EXPORTER = join(WORKSPACE_ROOT, 'dist/apps/api/openapi-export.js');

/** The committed contract the typed client is generated from. */
export const COMMITTED_OPENAPI = join(WORKSPACE_ROOT, 'libs/api-client/openapi.json');

/** The command that rewrites COMMITTED_OPENAPI (and the client's types) from the code. */
export const REGENERATE_OPENAPI = 'npx nx run api:openapi';

/**
 * The public RealWorld spec lives beside the repository: `<dir>/project` is the clone and
 * `<dir>/shared/conduit/openapi.yml` the spec, in CI and locally (/work/main, /work/shared).
 */
export const PUBLIC_SPEC = resolve(WORKSPACE_ROOT, '../shared/conduit/openapi.yml');

export type JsonObject = Record<string, unknown>;

export interface OpenApiDocument extends JsonObject {
  paths: Record<string, Record<string, JsonObject>>;
  components?: Record<string, Record<string, JsonObject>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** The document the built code describes, as the exporter prints it (byte for byte). */
export function exportOpenApiText(): string {
  if (!existsSync(OPENAPI_EXPORTER)) {
    throw new Error(`${OPENAPI_EXPORTER} is missing: run \`npx nx build api\` first`);
  }
  return execFileSync(process.execPath, [OPENAPI_EXPORTER], {
    cwd: WORKSPACE_ROOT,
    // A clean environment: the document must not depend on the caller's settings.
    env: { PATH: process.env['PATH'] ?? '', NODE_ENV: 'test' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function readCommittedOpenApi(): OpenApiDocument {
  return JSON.parse(readFileSync(COMMITTED_OPENAPI, 'utf8')) as OpenApiDocument;
}

/** `/articles/{slug}/comments/{id}` → `/articles/{}/comments/{}`: parameter names do not matter. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

export interface OperationRef {
  /** `GET /articles/{slug}` as written in the document. */
  key: string;
  method: string;
  path: string;
  operation: JsonObject;
  /** Path-level parameters (shared by the path's operations). */
  pathParameters: unknown[];
}

export function operationsOf(doc: OpenApiDocument): OperationRef[] {
  const result: OperationRef[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) {
        result.push({
          key: `${method.toUpperCase()} ${path}`,
          method,
          path,
          operation,
          pathParameters: (item['parameters'] as unknown as unknown[] | undefined) ?? [],
        });
      }
    }
  }
  return result;
}

/** Follows `$ref`s (local `#/…` pointers) until a non-reference node. */
export function deref<T = JsonObject>(doc: OpenApiDocument, node: unknown): T {
  let current = node as JsonObject;
  const seen = new Set<string>();
  while (current && typeof current === 'object' && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`);
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    let target: unknown = doc;
    for (const segment of ref.slice(2).split('/')) {
      target = (target as JsonObject | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    current = target as JsonObject;
  }
  return current as T;
}

/** The schema of a request body or response's `application/json` content, if any. */
export function jsonSchemaOf(doc: OpenApiDocument, bodyOrResponse: unknown): JsonObject | undefined {
  const resolved = deref(doc, bodyOrResponse);
  const content = resolved?.['content'] as Record<string, JsonObject> | undefined;
  const json = content?.['application/json'];
  return json?.['schema'] ? deref(doc, json['schema']) : undefined;
}

/** The name of the component schema a `$ref` points at (`#/components/schemas/X` → `X`). */
export function refName(node: unknown): string | undefined {
  const ref = (node as JsonObject | undefined)?.['$ref'];
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}
