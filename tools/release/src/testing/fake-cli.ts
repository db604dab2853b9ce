/**
 * A stand-in for a cloud CLI (`aws`, `gh`) in tests: records every call and replays scripted
 * answers. Installed on PATH by fake-cli-harness.ts as `<dir>/<name>`, which runs this file
 * (compiled to <dir>/fake-cli.mjs) with the CLI's name first:
 *
 *   <dir>/<name>-scenario.json  { "<command>": [answer, answer, …] }
 *       <command> = the leading words of the call, up to its first option:
 *       `aws ecs describe-services --cluster x` → "ecs describe-services";
 *       `gh api repos/o/r/commits/v1.2.3` → "api repos/o/r/commits/v1.2.3".
 *       answer = { "json": <printed as JSON> } | { "exit": <code>, "stderr": "…" },
 *       plus "outfile": <JSON written to the call's last positional argument> (`aws lambda invoke … out.json`).
 *       The n-th call of a command gets the n-th answer; the last one repeats.
 *   <dir>/<name>-calls.jsonl    one { "argv": [...] } per call, appended.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Answer {
  json?: unknown;
  exit?: number;
  stderr?: string;
  outfile?: unknown;
}

const [name = 'cli', ...argv] = process.argv.slice(2);
const dir = dirname(fileURLToPath(import.meta.url));
const scenarioFile = join(dir, `${name}-scenario.json`);
const logFile = join(dir, `${name}-calls.jsonl`);

const commandOf = (args: readonly string[]): string => {
  const firstOption = args.findIndex((arg) => arg.startsWith('-'));
  return (firstOption < 0 ? args : args.slice(0, firstOption)).join(' ');
};
const command = commandOf(argv);
const previousCalls = existsSync(logFile)
  ? readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .filter((line) => commandOf((JSON.parse(line) as { argv: string[] }).argv) === command).length
  : 0;
appendFileSync(logFile, `${JSON.stringify({ argv })}\n`);

const scenario = existsSync(scenarioFile) ? (JSON.parse(readFileSync(scenarioFile, 'utf8')) as Record<string, Answer[]>) : {};
const answers = scenario[command] ?? [];
const answer = answers[Math.min(previousCalls, answers.length - 1)];
if (!answer) {
  process.stderr.write(`\nAn error occurred (UnscriptedCall) when calling ${name} ${command}: the scenario has no answer\n`);
  process.exit(254);
}
if (answer.exit) {
  process.stderr.write(`${answer.stderr ?? 'An error occurred'}\n`);
  process.exit(answer.exit);
}
if (answer.outfile !== undefined) {
  // The last argument that is neither an option nor an option's value (every option here takes one).
  const outfile = argv.filter((arg, i) => !arg.startsWith('-') && !(argv[i - 1] ?? '').startsWith('-')).pop();
  if (!outfile) {
    process.stderr.write(`fake ${name}: the scenario writes an outfile but the call names none\n`);
    process.exit(255);
  }
  writeFileSync(outfile, JSON.stringify(answer.outfile));
}
process.stdout.write(`${JSON.stringify(answer.json ?? {}, null, 4)}\n`);
