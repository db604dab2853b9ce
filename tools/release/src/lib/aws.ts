import { runJson, type Env } from './cli.ts';

/** Calls the AWS CLI (`$AWS_CLI`, default `aws`) with `--output json` and returns the parsed answer. */
export type Aws = <T>(args: readonly string[]) => Promise<T>;

export function awsCli(env: Env): Aws {
  const command = env['AWS_CLI'] || 'aws';
  // No pager: a CLI waiting for a keypress would hang the job.
  return <T>(args: readonly string[]) => runJson<T>(command, [...args, '--output', 'json'], { env: { ...env, AWS_PAGER: '' } });
}
