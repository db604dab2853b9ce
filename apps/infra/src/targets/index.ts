import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { ApiTarget, ApiTargetProps, ReleasePermissions } from './api-target';
import { AppRunnerTarget, appRunnerRelease } from './app-runner';
import { ContainerImage } from './container-image';
import { EcsExpressTarget, ecsExpressRelease } from './ecs-express';
import { EcsFargateTarget, ecsFargateRelease } from './ecs-fargate';
import { LambdaTarget, LambdaTargetProps, lambdaRelease } from './lambda/lambda-target';

export type { ApiTarget, ReleasePermissions } from './api-target';

/** The configured deploy target's resources, in `scope` (the Service stack). */
export function createApiTarget(
  scope: Construct,
  props: LambdaTargetProps & { readonly imageTag?: string },
): ApiTarget {
  const { config } = props;
  if (config.deployTarget === 'lambda') return new LambdaTarget(scope, props);

  const image = new ContainerImage(scope, config, props.imageTag);
  allowContainersIntoDatabase(scope, props);
  switch (config.deployTarget) {
    case 'ecs-express':
      return new EcsExpressTarget(scope, { ...props, image });
    case 'apprunner':
      return new AppRunnerTarget(scope, { ...props, image });
    case 'ecs':
      return new EcsFargateTarget(scope, { ...props, image });
  }
}

/**
 * The containers connect to PostgreSQL directly. The rule is a raw ingress in the Service
 * stack: the L2 helper would place it in the Data stack and make Data depend on Service.
 */
function allowContainersIntoDatabase(scope: Construct, props: ApiTargetProps): void {
  new ec2.CfnSecurityGroupIngress(scope, 'DatabaseFromApi', {
    groupId: props.databaseSecurityGroup.securityGroupId,
    sourceSecurityGroupId: props.securityGroup.securityGroupId,
    ipProtocol: 'tcp',
    fromPort: 5432,
    toPort: 5432,
    description: `PostgreSQL from ${props.config.service.name}`,
  });
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
    case 'lambda':
      return lambdaRelease(config);
  }
}
