import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The transpiler Node 20 runs these scripts with (the fake is compiled once: one Node start per call, no TypeScript).
const { transpile } = require('../../typescript-transpile.cjs') as { transpile(source: string, fileName: string): string };

const FAKE = join(__dirname, 'fake-cli.ts');

export type Answer = { json?: unknown; exit?: number; stderr?: string; outfile?: unknown };
export type Scenario = Record<string, Answer[]>;

/** Puts a fake `<name>` (see fake-cli.ts) into `dir`, which the caller puts first on PATH. */
export function installFakeCli(dir: string, name: 'aws' | 'gh'): void {
  const compiled = join(dir, 'fake-cli.mjs');
  if (!existsSync(compiled)) writeFileSync(compiled, transpile(readFileSync(FAKE, 'utf8'), FAKE));
  writeFileSync(join(dir, name), `#!/bin/sh\nexec "${process.execPath}" "${compiled}" ${name} "$@"\n`);
  chmodSync(join(dir, name), 0o755);
}

export function writeScenario(dir: string, name: 'aws' | 'gh', scenario: Scenario): void {
  writeFileSync(join(dir, `${name}-scenario.json`), JSON.stringify(scenario));
}

/** Every call the fake received, in order. */
export function readCalls(dir: string, name: 'aws' | 'gh'): string[][] {
  const log = join(dir, `${name}-calls.jsonl`);
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
}

export function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The `name=value` lines a step appended to its $GITHUB_OUTPUT file. */
export function readGithubOutputs(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** An Io that keeps what a step wrote, for the assertions. */
export function capturedIo(): { io: { out(line: string): void; err(line: string): void }; stdout(): string; stderr(): string } {
  let stdout = '';
  let stderr = '';
  return {
    io: { out: (line) => (stdout += `${line}\n`), err: (line) => (stderr += `${line}\n`) },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
