// Runs the tools/release scripts (TypeScript, ES modules) on every Node the workspace supports:
//   node --import ./tools/release/typescript-loader.mjs tools/release/src/<script>.ts …
// Node 22.18+ and 24 strip the types themselves (the release workflow runs plain
// `node tools/release/src/<script>.ts` on Node 24); Node 20 cannot, so there each `.ts` file
// goes through TypeScript's transpiler first (typescript-transpile.cjs).
import { register } from 'node:module';

if (!process.features.typescript) register('./typescript-transpile.cjs', import.meta.url);
