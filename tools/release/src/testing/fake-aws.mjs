#!/usr/bin/env node
/**
 * A stand-in for the `aws` CLI in tests: records every call and replays scripted answers.
 *
 *   FAKE_AWS_SCENARIO  JSON file: { "<service> <command>": [answer, answer, …] }
 *                      answer = { "json": <printed as JSON> } | { "exit": <code>, "stderr": "…" }
 *                      The n-th call of a command gets the n-th answer; the last one repeats.
 *   FAKE_AWS_LOG       JSON-lines file, one { "argv": [...] } per call (appended).
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const scenarioFile = process.env.FAKE_AWS_SCENARIO;
const logFile = process.env.FAKE_AWS_LOG;
if (!scenarioFile || !logFile) {
  process.stderr.write('fake aws: FAKE_AWS_SCENARIO and FAKE_AWS_LOG must be set\n');
  process.exit(255);
}
const key = argv.slice(0, 2).join(' ');
const previousCalls = existsSync(logFile)
  ? readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .filter((line) => JSON.parse(line).argv.slice(0, 2).join(' ') === key).length
  : 0;
appendFileSync(logFile, `${JSON.stringify({ argv })}\n`);

const answers = JSON.parse(readFileSync(scenarioFile, 'utf8'))[key];
if (!answers || answers.length === 0) {
  process.stderr.write(`\nAn error occurred (UnscriptedCall) when calling ${key}: the scenario has no answer\n`);
  process.exit(254);
}
const answer = answers[Math.min(previousCalls, answers.length - 1)];
if (answer.exit) {
  process.stderr.write(`${answer.stderr ?? 'An error occurred'}\n`);
  process.exit(answer.exit);
}
process.stdout.write(`${JSON.stringify(answer.json ?? {}, null, 4)}\n`);
