import { appendFileSync } from 'node:fs';
import type { Env } from './cli.ts';

/** Appends `name=value` lines to $GITHUB_OUTPUT when the step runs in GitHub Actions. */
export function setOutputs(env: Env, outputs: Record<string, string>): void {
  if (!env['GITHUB_OUTPUT']) return;
  for (const [name, value] of Object.entries(outputs)) {
    // One line each: a newline would let a value write further outputs.
    if (/[\r\n]/.test(value)) throw new Error(`output ${name} must be a single line`);
  }
  appendFileSync(env['GITHUB_OUTPUT'], Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

/** Appends Markdown to the job summary ($GITHUB_STEP_SUMMARY) when there is one. */
export function appendSummary(env: Env, markdown: string): void {
  if (env['GITHUB_STEP_SUMMARY']) appendFileSync(env['GITHUB_STEP_SUMMARY'], `${markdown}\n`);
}
