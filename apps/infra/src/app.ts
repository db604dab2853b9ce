import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DeployTarget, EnvironmentConfig, stackNames } from './config';
import { DataStack } from './stacks/data-stack';
import { DeliveryStack } from './stacks/delivery-stack';
import { ServiceStack } from './stacks/service-stack';

/** Part of the Service stack's description (unchanged wording: a description change is a template change). */
const TARGET_TITLES: Record<DeployTarget, string> = {
  'ecs-express': 'ECS (express)',
  apprunner: 'App Runner',
  ecs: 'ECS (fargate)',
  lambda: 'Lambda',
};

export interface ConduitStacks {
  readonly delivery: DeliveryStack;
  readonly data: DataStack;
  readonly service: ServiceStack;
}

/**
 * Builds the three stacks of one environment. Deploy order (also the dependency order):
 * Delivery (ECR + GitHub role) → Data (network, PostgreSQL, secrets) → Service.
 * cdk-nag's AWS Solutions rules run on every synth (a validation plugin): an unacknowledged
 * finding fails the synth, so neither `infra:synth` nor `cdk deploy` gets past it.
 */
export function buildConduit(app: App, config: EnvironmentConfig, options: { imageTag?: string; nag?: boolean } = {}): ConduitStacks {
  const env = { account: config.account, region: config.region };
  const names = stackNames(config);

  const delivery = new DeliveryStack(app, names.delivery, {
    env,
    config,
    description: `Conduit ${config.name}: ECR repository and GitHub Actions deploy role`,
    terminationProtection: config.name === 'production',
  });
  const data = new DataStack(app, names.data, {
    env,
    config,
    description: `Conduit ${config.name}: network, PostgreSQL and API secrets`,
    terminationProtection: config.name === 'production',
  });
  const service = new ServiceStack(app, names.service, {
    env,
    config,
    description: `Conduit ${config.name}: the API on ${TARGET_TITLES[config.deployTarget]}`,
    vpc: data.vpc,
    databaseSecurityGroup: data.databaseSecurityGroup,
    database: data.database,
    credentialsSecret: data.credentialsSecret,
    databaseUrlSecret: data.databaseUrlSecret,
    jwtSecret: data.jwtSecret,
    imageTag: options.imageTag,
  });
  // The image must be in ECR before a service can start from it (and the deploy role exists
  // before any target it deploys).
  service.addStackDependency(delivery);

  for (const stack of [delivery, data, service]) {
    Tags.of(stack).add('project', 'conduit');
    Tags.of(stack).add('environment', config.name);
    Tags.of(stack).add('managed-by', 'aws-cdk');
  }
  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { delivery, data, service };
}
