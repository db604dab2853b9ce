import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

const projectRoot = join(__dirname, '..');

/** The ```ts blocks of the README. */
function readmeExamples(): string[] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

/** Type-checks `source` as a consumer module that imports `@conduit/api-client`. */
function typeCheck(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'api-client-readme-'));
  try {
    const file = join(dir, 'example.ts');
    writeFileSync(file, source);
    const { options, errors } = ts.convertCompilerOptionsFromJson(
      {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022', 'dom'],
        types: [],
        skipLibCheck: true,
        noUnusedLocals: true,
        paths: { '@conduit/api-client': [join(projectRoot, 'src/index.ts')] },
      },
      dir,
    );
    expect(errors).toEqual([]);
    const program = ts.createProgram([file], options);
    return ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.formatDiagnostic(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('README', () => {
  const examples = readmeExamples();

  it('has a usage example', () => {
    expect(examples.length).toBeGreaterThan(0);
    expect(examples[0]).toContain("from '@conduit/api-client'");
  });

  it.each(examples.map((source, i) => [i + 1, source]))('example %i type-checks against the client', (_n, source) => {
    expect(typeCheck(source as string)).toEqual([]);
  });

  it('the type check does catch a wrong example', () => {
    const broken = "import { createConduitClient } from '@conduit/api-client';\n" +
      "const c = createConduitClient({ baseUrl: 'x' });\nawait c.articles.list({ page: 2 });\n";
    expect(typeCheck(broken).join('\n')).toMatch(/page/);
  });
});
