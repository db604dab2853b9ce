// TypeScript → the ES module Node 24 runs after stripping the types, for Node versions that
// cannot strip them (Node 20): the module hook registered by typescript-loader.mjs, and the
// tests' fake CLIs, which are compiled once instead of per call. Transpile only: types are
// checked by `nx run tools-release:typecheck`.
const { readFile } = require('node:fs/promises');
const { fileURLToPath } = require('node:url');
const ts = require('typescript');

function transpile(source, fileName) {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  }).outputText;
}

async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  return { format: 'module', source: transpile(await readFile(fileName, 'utf8'), fileName), shortCircuit: true };
}

module.exports = { transpile, load };
