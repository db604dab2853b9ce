import type { Env } from '../cli.ts';
import { ReleaseError } from '../errors.ts';
import { required, seconds } from '../settings.ts';
import type { EcsSettings } from './ecs.ts';
import type { LambdaSettings } from './lambda.ts';

const TARGETS = ['apprunner', 'ecs', 'ecs-express', 'lambda'] as const;
type TargetName = (typeof TARGETS)[number];

type TargetSettings =
  | { target: 'apprunner'; serviceArn: string; image: string }
  | ({ target: 'ecs' } & EcsSettings)
  | { target: 'ecs-express'; cluster: string; service: string; image: string }
  | ({ target: 'lambda' } & LambdaSettings);

export type DeployConfig = TargetSettings & {
  version: string;
  serviceUrl: string | undefined;
  deployTimeoutMs: number;
  healthTimeoutMs: number;
  pollMs: number;
};

const isTarget = (name: string): name is TargetName => (TARGETS as readonly string[]).includes(name);

function targetSettings(env: Env, target: TargetName): TargetSettings {
  switch (target) {
    case 'apprunner':
      return { target, serviceArn: required(env, 'APP_RUNNER_SERVICE_ARN'), image: required(env, 'IMAGE') };
    case 'ecs':
      return {
        target,
        cluster: required(env, 'ECS_CLUSTER'),
        service: required(env, 'ECS_SERVICE'),
        image: required(env, 'IMAGE'),
        containerName: env['ECS_CONTAINER_NAME'] || undefined,
      };
    case 'ecs-express':
      return { target, cluster: required(env, 'ECS_CLUSTER'), service: required(env, 'ECS_SERVICE'), image: required(env, 'IMAGE') };
    case 'lambda':
      return {
        target,
        functionName: required(env, 'LAMBDA_FUNCTION_NAME'),
        alias: env['LAMBDA_ALIAS'] || 'live',
        zipFile: required(env, 'LAMBDA_ZIP'),
      };
  }
}

/** The deploy's settings, all from the environment (see deploy.ts); throws a ReleaseError naming what is wrong. */
export function readDeployConfig(env: Env): DeployConfig {
  const target = (env['DEPLOY_TARGET'] || 'apprunner').toLowerCase();
  if (!isTarget(target)) throw new ReleaseError(`DEPLOY_TARGET must be one of ${TARGETS.join(', ')}, got "${target}"`);
  const settings = targetSettings(env, target);
  // The container targets are checked over their public URL; Lambda can be checked by invoking it.
  const url = target === 'lambda' ? env['SERVICE_URL'] || undefined : required(env, 'SERVICE_URL');
  return {
    ...settings,
    version: required(env, 'APP_VERSION'),
    serviceUrl: url && !/^https?:\/\//.test(url) ? `https://${url}` : url,
    deployTimeoutMs: seconds(env, 'DEPLOY_TIMEOUT_SECONDS', 1200),
    healthTimeoutMs: seconds(env, 'HEALTH_TIMEOUT_SECONDS', 180),
    pollMs: seconds(env, 'POLL_INTERVAL_SECONDS', 10),
  };
}
