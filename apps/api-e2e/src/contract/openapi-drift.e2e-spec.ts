import { readFileSync } from 'node:fs';
import {
  COMMITTED_OPENAPI,
  REGENERATE_OPENAPI,
  exportOpenApiText,
  operationsOf,
  type JsonObject,
  type OpenApiDocument,
} from './openapi-support';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What differs between two documents, one line per operation / component / top-level key. */
function describeDrift(committedText: string, currentText: string): string[] {
  let committed: OpenApiDocument;
  try {
    committed = JSON.parse(committedText) as OpenApiDocument;
  } catch {
    return ['the committed file is not valid JSON'];
  }
  const current = JSON.parse(currentText) as OpenApiDocument;
  const lines: string[] = [];
  const before = new Map(operationsOf(committed).map((op) => [op.key, op.operation]));
  const after = new Map(operationsOf(current).map((op) => [op.key, op.operation]));
  for (const [key, operation] of after) {
    if (!before.has(key)) lines.push(`+ operation ${key}`);
    else if (!same(before.get(key), operation)) lines.push(`~ operation ${key}`);
  }
  for (const key of before.keys()) if (!after.has(key)) lines.push(`- operation ${key}`);
  for (const section of new Set([...Object.keys(committed.components ?? {}), ...Object.keys(current.components ?? {})])) {
    const was: JsonObject = committed.components?.[section] ?? {};
    const is: JsonObject = current.components?.[section] ?? {};
    for (const name of new Set([...Object.keys(was), ...Object.keys(is)])) {
      if (!(name in was)) lines.push(`+ components.${section}.${name}`);
      else if (!(name in is)) lines.push(`- components.${section}.${name}`);
      else if (!same(was[name], is[name])) lines.push(`~ components.${section}.${name}`);
    }
  }
  for (const key of new Set([...Object.keys(committed), ...Object.keys(current)])) {
    if (key !== 'paths' && key !== 'components' && !same(committed[key], current[key])) lines.push(`~ ${key}`);
  }
  if (lines.length === 0) lines.push('formatting only (the file was edited by hand?)');
  return lines;
}

function driftMessage(lines: string[]): string {
  const shown = lines.slice(0, 30);
  if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
  return [
    'libs/api-client/openapi.json is out of date with the API code.',
    `Regenerate it (and the client's types) with: ${REGENERATE_OPENAPI}`,
    'then review and commit libs/api-client/openapi.json and libs/api-client/src/generated/schema.ts.',
    'Differences (committed → code):',
    ...shown.map((line) => `  ${line}`),
  ].join('\n');
}

describe('OpenAPI contract drift', () => {
  it(`the committed libs/api-client/openapi.json is what the code describes (regenerate: ${REGENERATE_OPENAPI})`, () => {
    const current = exportOpenApiText();
    const committed = readFileSync(COMMITTED_OPENAPI, 'utf8');
    if (current !== committed) throw new Error(driftMessage(describeDrift(committed, current)));
  });

  it('names the operations and schemas that drifted, and the command that fixes it', () => {
    const doc: OpenApiDocument = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/tags': { get: { responses: { '200': { description: 'ok' } } } } },
      components: { schemas: { TagListResponseDto: { type: 'object' } } },
    };
    const changed = structuredClone(doc);
    changed.paths['/tags']['get'] = { responses: { '200': { description: 'tags' } } };
    changed.paths['/articles'] = { get: { responses: {} } };
    changed.components = { schemas: { ArticleDto: { type: 'object' } } };
    const lines = describeDrift(JSON.stringify(doc), JSON.stringify(changed));
    expect(lines).toEqual([
      '~ operation GET /tags',
      '+ operation GET /articles',
      '- components.schemas.TagListResponseDto',
      '+ components.schemas.ArticleDto',
    ]);
    expect(driftMessage(lines)).toContain(`Regenerate it (and the client's types) with: ${REGENERATE_OPENAPI}`);
    expect(describeDrift(JSON.stringify(doc), JSON.stringify(doc, null, 2))).toEqual(['formatting only (the file was edited by hand?)']);
  });
});
