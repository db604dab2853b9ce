import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_DIR_VARIABLE, MAX_OUTPUT, currentTestPath, logFileFor, recordOutput } from './output';

/** A real child process that prints `script`'s output, recorded; resolves once it has closed. */
async function record(script: string, logFile?: string, header?: string) {
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = recordOutput(child, logFile, header);
  await new Promise((resolve) => child.once('close', resolve));
  return output();
}

describe('logFileFor', () => {
  it('names no file unless API_PROCESS_LOG_DIR asks for one', () => {
    expect(logFileFor(41234, {}, '/repo/apps/api-e2e/src/users/users.e2e-spec.ts')).toBeUndefined();
    expect(logFileFor(41234, { [LOG_DIR_VARIABLE]: '' }, '/x.e2e-spec.ts')).toBeUndefined();
  });

  it('names the file after the test file and the port', () => {
    expect(logFileFor(41234, { [LOG_DIR_VARIABLE]: '/logs' }, '/repo/apps/api-e2e/src/users/users.e2e-spec.ts')).toBe('/logs/users.e2e-spec.41234.log');
  });

  it("names it 'api' without a test file (the benchmarks)", () => {
    expect(logFileFor(5, { [LOG_DIR_VARIABLE]: '/logs' }, undefined)).toBe('/logs/api.5.log');
  });
});

describe('currentTestPath', () => {
  it("is the test file Jest is running, from Jest's own state", () => {
    expect(currentTestPath()).toBe(__filename);
  });
});

describe('recordOutput', () => {
  let directory: string;
  beforeAll(() => (directory = mkdtempSync(join(tmpdir(), 'conduit-api-output-'))));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps stdout and stderr in memory', async () => {
    const output = await record("console.log('to stdout'); console.error('to stderr')");
    expect(output).toContain('to stdout\n');
    expect(output).toContain('to stderr\n');
  });

  it('writes everything, after the header, to the log file (its directory created), and appends on a restart', async () => {
    const logFile = join(directory, 'nested/users.e2e-spec.41234.log');
    await record("console.log('first run')", logFile, '# run 1');
    await record("console.error('second run')", logFile, '# run 2');
    expect(readFileSync(logFile, 'utf8')).toBe('# run 1\nfirst run\n# run 2\nsecond run\n');
  });

  it('bounds what it keeps in memory, never what it writes to the file', async () => {
    const logFile = join(directory, 'long.log');
    const output = await record(`process.stdout.write('a'.repeat(${MAX_OUTPUT}) + 'tail')`, logFile);
    expect(output).toHaveLength(MAX_OUTPUT);
    expect(output.endsWith('tail')).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toHaveLength(MAX_OUTPUT + 4);
  });
});
