import { runJson, type Env } from './cli.ts';

/** Calls the GitHub CLI (`$GH_CLI`, default `gh`; token from GH_TOKEN) and returns its JSON answer. */
export type Gh = <T>(args: readonly string[]) => Promise<T>;

export function ghCli(env: Env): Gh {
  const command = env['GH_CLI'] || 'gh';
  return <T>(args: readonly string[]) => runJson<T>(command, args, { env: { ...env, GH_PAGER: '', NO_COLOR: '1' } });
}

/** GitHub Actions' app id: the `ci` check must come from Actions, as the main ruleset requires. */
export const GITHUB_ACTIONS_APP_ID = 15368;
