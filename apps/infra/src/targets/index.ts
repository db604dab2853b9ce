import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { ApiTarget, ApiTargetProps, ReleasePermissions } from './api-target';
import { AppRunnerTarget, appRunnerRelease } from './app-runner';
import { ContainerImage } from './container-image';
import { EcsExpressTarget, ecsExpressRelease } from './ecs-express';
import { EcsFargateTarget, ecsFargateRelease } from './ecs-fargate';

export type { ApiTarget, ApiTargetProps, ReleasePermissions, TargetOutput } from './api-target';

/** The configured deploy target's construct, in `scope` (the Service stack). */
export function createApiTarget(scope: Construct, props: ApiTargetProps & { readonly imageTag?: string }): ApiTarget {
  const { config } = props;
  const image = new ContainerImage(scope, config, props.imageTag);
  switch (config.deployTarget) {
    case 'ecs-express':
      return new EcsExpressTarget(scope, { ...props, image });
    case 'apprunner':
      return new AppRunnerTarget(scope, { ...props, image });
    case 'ecs':
      return new EcsFargateTarget(scope, { ...props, image });
  }
}

/** What the release job may do to the configured target (the deploy role's target part). */
export function releasePermissions(config: EnvironmentConfig): ReleasePermissions {
  switch (config.deployTarget) {
    case 'ecs-express':
      return ecsExpressRelease(config);
    case 'apprunner':
      return appRunnerRelease(config);
    case 'ecs':
      return ecsFargateRelease(config);
  }
}
