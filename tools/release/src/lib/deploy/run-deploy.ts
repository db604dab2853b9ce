import { awsCli } from '../aws.ts';
import type { Env } from '../cli.ts';
import { messageOf } from '../errors.ts';
import { appendSummary, setOutputs } from '../github-actions.ts';
import type { Io } from '../io.ts';
import { appRunner } from './app-runner.ts';
import { readDeployConfig, type DeployConfig } from './config.ts';
import { ecs } from './ecs.ts';
import { ecsExpress } from './ecs-express.ts';
import { lambda } from './lambda.ts';
import type { DeployTarget, TargetContext } from './target.ts';

/** 0 deployed and verified; 1 failed and rolled back (or nothing changed); 2 failed and the rollback failed too; 64 usage. */
export const EXIT = { ok: 0, rolledBack: 1, rollbackFailed: 2, usage: 64 } as const;

function createTarget(config: DeployConfig, context: TargetContext): DeployTarget {
  switch (config.target) {
    case 'apprunner':
      return appRunner(context, config);
    case 'ecs':
      return ecs(context, config);
    case 'ecs-express':
      return ecsExpress(context, config);
    case 'lambda':
      return lambda(context, config);
  }
}

/**
 * Reads what runs, deploys the release, verifies /api/health reports its version, and on any
 * failure goes back to what ran before and verifies that answers. Returns the exit code.
 */
export async function runDeploy(env: Env, io: Io): Promise<number> {
  let config: DeployConfig;
  try {
    config = readDeployConfig(env);
  } catch (error) {
    io.err(`[deploy] ${messageOf(error)}`);
    return EXIT.usage;
  }
  const log = (line: string): void => io.out(`[deploy] ${line}`);
  const report = (outputs: Record<string, string>, summary: string): void => {
    setOutputs(env, outputs);
    appendSummary(env, summary);
  };
  const target = createTarget(config, {
    aws: awsCli(env),
    log,
    version: config.version,
    serviceUrl: config.serviceUrl,
    deployment: { timeoutMs: config.deployTimeoutMs, intervalMs: config.pollMs },
    health: { timeoutMs: config.healthTimeoutMs, intervalMs: config.pollMs },
  });
  const previousKey = `previous-${target.artifact}`;
  const deployedKey = `deployed-${target.artifact}`;

  let running;
  try {
    running = await target.current();
  } catch (error) {
    // Nothing was changed yet: fail without touching the service.
    io.err(`[deploy] cannot read the service: ${messageOf(error)}`);
    report({ result: 'failed' }, `### Deploy ${config.version}: failed before any change\n${messageOf(error)}`);
    return EXIT.rolledBack;
  }
  log(`${target.name}: running ${running.description}; deploying version ${config.version}`);

  try {
    if (running.isRelease) log('the service already runs this release: verifying only');
    else await target.deploy();
    const health = await target.verify(config.version);
    log(`verified: ${JSON.stringify(health)}`);
    report(
      { [previousKey]: running.description, [deployedKey]: target.deployed(), result: 'deployed' },
      `### Deployed ${config.version} to ${target.name}\n- now: \`${target.deployed()}\`\n- previous: \`${running.description}\`\n- health: \`${JSON.stringify(health)}\``,
    );
    return EXIT.ok;
  } catch (error) {
    const reason = messageOf(error);
    io.err(`[deploy] FAILED: ${reason}`);
    if (running.isRelease) {
      report({ result: 'failed' }, `### Deploy ${config.version}: failed, nothing to roll back to\n${reason}`);
      return EXIT.rollbackFailed;
    }
    log(`rolling back to ${running.description}`);
    try {
      if ((await target.rollback()) === 'already-back') log(`the service already points at ${running.description} again`);
      const health = await target.verify(undefined);
      log(`rolled back; the service answers again: ${JSON.stringify(health)}`);
      report(
        { [previousKey]: running.description, [deployedKey]: running.description, result: 'rolled-back' },
        `### Deploy ${config.version} failed: rolled back\n- reason: ${reason}\n- running again: \`${running.description}\``,
      );
      return EXIT.rolledBack;
    } catch (rollbackError) {
      const why = messageOf(rollbackError);
      io.err(`[deploy] ROLLBACK FAILED: ${why}`);
      report(
        { [previousKey]: running.description, result: 'rollback-failed' },
        `### Deploy ${config.version} failed and the rollback failed too\n- reason: ${reason}\n- rollback: ${why}\n- put \`${running.description}\` back by hand (docs/releasing.md, "Rolling back")`,
      );
      return EXIT.rollbackFailed;
    }
  }
}
