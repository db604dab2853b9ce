#!/usr/bin/env node
// Generates libs/api-client/src/generated/schema.ts from libs/api-client/openapi.json
// with openapi-typescript. `--check` compares instead of writing (used by the unit tests);
// `--spec <file>` / `--out <file>` override the input and output (tests).
//
// Path style: the client's baseUrl includes `/api` (e.g. http://localhost:3000/api), so
// the typed paths are `/users`, `/articles`… as in the public spec. A document generated
// with the global prefix baked into its paths (`/api/users`) is normalised here, so both
// styles give the same types.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const specPath = arg('--spec') ?? join(projectRoot, 'openapi.json');
const outPath = arg('--out') ?? join(projectRoot, 'src/generated/schema.ts');
const REGENERATE = 'npx nx run api-client:generate-types';
const PREFIX = '/api';

const BANNER = `/**
 * GENERATED FILE, do not edit by hand.
 * Source: libs/api-client/openapi.json (written by \`nx run api:openapi\`).
 * Regenerate with: ${REGENERATE}
 */

/* eslint-disable */
`;

function normalisePaths(doc) {
  const keys = Object.keys(doc.paths ?? {});
  const prefixed = keys.length > 0 && keys.every((k) => k === PREFIX || k.startsWith(`${PREFIX}/`));
  if (!prefixed) return doc;
  const paths = {};
  for (const key of keys) paths[key.slice(PREFIX.length) || '/'] = doc.paths[key];
  return { ...doc, paths };
}

async function generate() {
  const doc = normalisePaths(JSON.parse(readFileSync(specPath, 'utf8')));
  const ast = await openapiTS(doc, { alphabetize: true });
  return BANNER + astToString(ast);
}

const output = await generate();
const rel = relative(process.cwd(), outPath);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outPath, 'utf8');
  } catch {
    /* missing file: reported below */
  }
  if (current !== output) {
    console.error(
      `${rel} is out of date with libs/api-client/openapi.json.\nRegenerate it with: ${REGENERATE}`,
    );
    process.exit(1);
  }
  console.log(`${rel} is up to date.`);
} else {
  writeFileSync(outPath, output);
  console.log(`wrote ${rel}`);
}
