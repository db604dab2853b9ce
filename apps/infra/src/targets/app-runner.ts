import * as apprunner from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { arn, roleArn } from '../arns';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { OUTPUTS } from '../outputs';
import { ApiTarget, apiEnvironment, ApiTargetProps, ReleasePermissions, TargetOutput } from './api-target';
import { ContainerImage, ECR_LOGIN_ON_STAR } from './container-image';
import { ecsMemory } from './ecs-foundation';

/**
 * AWS App Runner (for accounts that already use it: closed to new customers since
 * 2026-04-30). App Runner runs the image behind its own HTTPS endpoint, scales on concurrent
 * requests and reaches PostgreSQL through a VPC connector.
 */
export class AppRunnerTarget implements ApiTarget {
  readonly url: TargetOutput;
  readonly outputs: readonly TargetOutput[];

  constructor(scope: Construct, props: ApiTargetProps & { readonly image: ContainerImage }) {
    const { config, image } = props;
    const names = roleNames(config);
    const environment = apiEnvironment(config, {
      appVersion: image.tag.valueAsString,
      // App Runner's front end (one proxy) sets X-Forwarded-For to the client's address.
      trustProxy: 1,
      memoryMiB: ecsMemory(config.service.memory),
    });

    const accessRole = new iam.Role(scope, 'AppRunnerAccessRole', {
      roleName: names.appRunnerAccess,
      description: 'App Runner pulls the API image from ECR',
      assumedBy: new iam.ServicePrincipal('build.apprunner.amazonaws.com'),
    });
    image.grantPull(accessRole);
    suppress(accessRole, [ECR_LOGIN_ON_STAR]);

    const instanceRole = new iam.Role(scope, 'AppRunnerInstanceRole', {
      roleName: names.appRunnerInstance,
      description: 'The running API: reads its two secrets, nothing else',
      assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com'),
    });
    props.databaseUrlSecret.grantRead(instanceRole);
    props.jwtSecret.grantRead(instanceRole);

    const connector = new apprunner.CfnVpcConnector(scope, 'VpcConnector', {
      vpcConnectorName: `${config.service.name}`.slice(0, 40),
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroups: [props.securityGroup.securityGroupId],
    });

    const scaling = new apprunner.CfnAutoScalingConfiguration(scope, 'AutoScaling', {
      autoScalingConfigurationName: `${config.service.name}`.slice(0, 32),
      minSize: config.service.minInstances,
      maxSize: config.service.maxInstances,
      maxConcurrency: config.service.maxConcurrency,
    });

    const service = new apprunner.CfnService(scope, 'AppRunnerService', {
      serviceName: config.service.name,
      sourceConfiguration: {
        // The release flow deploys explicitly (UpdateService with the new tag).
        autoDeploymentsEnabled: false,
        authenticationConfiguration: { accessRoleArn: accessRole.roleArn },
        imageRepository: {
          imageRepositoryType: 'ECR',
          imageIdentifier: image.uri,
          imageConfiguration: {
            port: String(config.service.port),
            runtimeEnvironmentVariables: Object.entries(environment).map(([name, value]) => ({ name, value })),
            runtimeEnvironmentSecrets: [
              { name: 'DATABASE_URL', value: props.databaseUrlSecret.secretArn },
              { name: 'JWT_SECRET', value: props.jwtSecret.secretArn },
            ],
          },
        },
      },
      instanceConfiguration: {
        cpu: config.service.cpu,
        memory: config.service.memory,
        instanceRoleArn: instanceRole.roleArn,
      },
      healthCheckConfiguration: {
        protocol: 'HTTP',
        path: config.service.healthCheckPath,
        interval: 10,
        timeout: 5,
        healthyThreshold: 1,
        unhealthyThreshold: 5,
      },
      networkConfiguration: {
        egressConfiguration: { egressType: 'VPC', vpcConnectorArn: connector.attrVpcConnectorArn },
        ingressConfiguration: { isPubliclyAccessible: true },
      },
      autoScalingConfigurationArn: scaling.attrAutoScalingConfigurationArn,
    });
    // The access role's policy must exist before App Runner tries the first pull.
    service.node.addDependency(accessRole);
    service.node.addDependency(instanceRole);

    this.outputs = [
      { name: OUTPUTS.appRunnerServiceArn, value: service.attrServiceArn, description: 'GitHub variable APP_RUNNER_SERVICE_ARN' },
    ];
    this.url = { name: OUTPUTS.serviceUrl, value: `https://${service.attrServiceUrl}`, description: 'GitHub variable SERVICE_URL' };
  }
}

/** The release points the one service at the new tag and waits for the operation. */
export function appRunnerRelease(config: EnvironmentConfig): ReleasePermissions {
  const names = roleNames(config);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'AppRunnerDeploy',
        // UpdateService points the service at the new image tag and starts the deployment;
        // DescribeService/ListOperations let the script wait for it (there is no
        // DescribeOperation API: ListOperations returns each operation's status).
        actions: ['apprunner:DescribeService', 'apprunner:ListOperations', 'apprunner:UpdateService'],
        resources: [arn('apprunner', `service/${config.service.name}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassAppRunnerRoles',
        // UpdateService re-validates the access role (ECR pull) and the instance role when the
        // source or instance configuration is sent along.
        actions: ['iam:PassRole'],
        resources: [roleArn(names.appRunnerAccess), roleArn(names.appRunnerInstance)],
        conditions: { StringEquals: { 'iam:PassedToService': 'apprunner.amazonaws.com' } },
      }),
    ],
    acknowledgements: [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'An App Runner service ARN ends in a random id assigned at creation; service/<name>/* pins the one ' +
          'service by its name.',
        appliesTo: [`Resource::arn:<AWS::Partition>:apprunner:<AWS::Region>:<AWS::AccountId>:service/${config.service.name}/*`],
      },
    ],
  };
}
