/**
 * CloudFormation output names: a contract with the release workflow and the deploy script
 * (they read these names; the README tells which GitHub variable each one fills).
 * Renaming one is a breaking change for `.github/workflows` and `tools/deploy`.
 */
export const OUTPUTS = {
  /** → GitHub variable ECR_REPOSITORY */
  ecrRepositoryName: 'EcrRepositoryName',
  /** registry/repository, no tag (for `docker push`) */
  ecrRepositoryUri: 'EcrRepositoryUri',
  /** → GitHub variable AWS_DEPLOY_ROLE_ARN */
  deployRoleArn: 'DeployRoleArn',
  /** → GitHub variable APP_RUNNER_SERVICE_ARN (DEPLOY_TARGET=apprunner) */
  appRunnerServiceArn: 'AppRunnerServiceArn',
  /** → GitHub variable ECS_CLUSTER (DEPLOY_TARGET=ecs or ecs-express) */
  ecsClusterName: 'EcsClusterName',
  /** → GitHub variable ECS_SERVICE (DEPLOY_TARGET=ecs or ecs-express) */
  ecsServiceName: 'EcsServiceName',
  /** → GitHub variable LAMBDA_FUNCTION_NAME (DEPLOY_TARGET=lambda) */
  lambdaFunctionName: 'LambdaFunctionName',
  /** → GitHub variable LAMBDA_ALIAS (DEPLOY_TARGET=lambda): the alias the Function URL serves, `live` */
  lambdaAlias: 'LambdaAlias',
  /** → GitHub variable SERVICE_URL: base URL, `https://…`, no trailing slash */
  serviceUrl: 'ServiceUrl',
} as const;
