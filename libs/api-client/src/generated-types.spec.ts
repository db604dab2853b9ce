import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const projectRoot = join(__dirname, '..');
const script = join(projectRoot, 'scripts/generate-types.mjs');
const run = (...args: string[]) => execFileSync(process.execPath, [script, ...args], { cwd: projectRoot, encoding: 'utf8', stdio: 'pipe' });

describe('generated OpenAPI types', () => {
  it('src/generated/schema.ts matches openapi.json (regenerate: npx nx run api-client:generate-types)', () => {
    let failure = '';
    try {
      run('--check');
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      failure = `${stderr ?? ''}${stdout ?? ''}` || String(error);
    }
    expect(failure).toBe('');
  });

  it('treats a document whose paths carry the /api prefix like the unprefixed one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-client-types-'));
    try {
      const doc = JSON.parse(readFileSync(join(projectRoot, 'openapi.json'), 'utf8'));
      doc.paths = Object.fromEntries(Object.entries(doc.paths).map(([path, item]) => [`/api${path}`, item]));
      writeFileSync(join(dir, 'prefixed.json'), JSON.stringify(doc));
      run('--spec', join(dir, 'prefixed.json'), '--out', join(dir, 'schema.ts'));
      expect(readFileSync(join(dir, 'schema.ts'), 'utf8')).toBe(readFileSync(join(projectRoot, 'src/generated/schema.ts'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails --check with the command that regenerates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-client-types-'));
    try {
      writeFileSync(join(dir, 'schema.ts'), '// stale\n');
      expect(() => run('--check', '--out', join(dir, 'schema.ts'))).toThrow(/npx nx run api-client:generate-types/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
