import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { arn, roleArn } from '../arns';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { OUTPUTS } from '../outputs';
import { ApiTarget, apiEnvironment, ApiTargetProps, ReleasePermissions, TargetOutput } from './api-target';
import { ContainerImage } from './container-image';
import { ecsCpu, ecsMemory, EcsFoundation } from './ecs-foundation';

/**
 * An ECS service on Fargate in the `app` subnets behind a public Application Load Balancer
 * (HTTPS when a certificate is configured), with circuit-breaker rollback and CPU scaling.
 * The release registers a task-definition revision and calls UpdateService.
 */
export class EcsFargateTarget implements ApiTarget {
  readonly url: TargetOutput;
  readonly outputs: readonly TargetOutput[];

  constructor(scope: Construct, props: ApiTargetProps & { readonly image: ContainerImage }) {
    const { config } = props;
    const { executionRole, taskRole, cluster, logGroup } = new EcsFoundation(scope, props);
    const certificate = config.service.certificateArn
      ? acm.Certificate.fromCertificateArn(scope, 'Certificate', config.service.certificateArn)
      : undefined;

    const fargate = new ecsPatterns.ApplicationLoadBalancedFargateService(scope, 'Api', {
      cluster,
      serviceName: config.service.name,
      cpu: ecsCpu(config.service.cpu),
      memoryLimitMiB: ecsMemory(config.service.memory),
      desiredCount: config.service.minInstances,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      publicLoadBalancer: true,
      ...(certificate
        ? { certificate, protocol: elbv2.ApplicationProtocol.HTTPS, redirectHTTP: true, sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS }
        : {}),
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(60),
      taskImageOptions: {
        family: config.service.name,
        containerName: 'api',
        image: ecs.ContainerImage.fromEcrRepository(props.image.repository, props.image.tag.valueAsString),
        containerPort: config.service.port,
        executionRole,
        taskRole,
        environment: apiEnvironment(config, {
          appVersion: props.image.tag.valueAsString,
          // The Application Load Balancer is the one proxy in front; it appends the client's address.
          trustProxy: 1,
          memoryMiB: ecsMemory(config.service.memory),
        }),
        secrets: {
          DATABASE_URL: ecs.Secret.fromSecretsManager(props.databaseUrlSecret),
          JWT_SECRET: ecs.Secret.fromSecretsManager(props.jwtSecret),
        },
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'api', logGroup }),
      },
    });
    fargate.targetGroup.configureHealthCheck({
      path: config.service.healthCheckPath,
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    });
    fargate.loadBalancer.setAttribute('routing.http.drop_invalid_header_fields.enabled', 'true');
    const scaling = fargate.service.autoScaleTaskCount({
      minCapacity: config.service.minInstances,
      maxCapacity: config.service.maxInstances,
    });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });

    suppress(fargate.loadBalancer, [
      {
        id: 'AwsSolutions-ELB2',
        reason:
          'Every request is logged by the API itself (one pino line per response to CloudWatch Logs with request id, status and ' +
          'latency); an ALB access-log bucket would duplicate that.',
      },
      {
        id: 'AwsSolutions-EC23',
        reason: 'The public API load balancer must accept HTTP(S) from anywhere; the tasks accept traffic from it only.',
      },
    ]);
    suppress(fargate.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason:
          'The plain environment variables are non-secret settings (NODE_ENV, PORT, LOG_LEVEL, APP_VERSION, ' +
          'DB_MIGRATIONS, TRUST_PROXY, API_DOCS, CORS_ORIGINS, NODE_OPTIONS); DATABASE_URL and JWT_SECRET come from Secrets Manager.',
      },
    ]);

    this.outputs = [
      { name: OUTPUTS.ecsClusterName, value: cluster.clusterName, description: 'GitHub variable ECS_CLUSTER' },
      { name: OUTPUTS.ecsServiceName, value: fargate.service.serviceName, description: 'GitHub variable ECS_SERVICE' },
    ];
    this.url = {
      name: OUTPUTS.serviceUrl,
      value: `${certificate ? 'https' : 'http'}://${fargate.loadBalancer.loadBalancerDnsName}`,
      description: certificate
        ? 'GitHub variable SERVICE_URL (point your DNS name at it and use that instead)'
        : 'GitHub variable SERVICE_URL. HTTP only: set certificateArn for HTTPS',
    };
  }
}

/** The release registers a task-definition revision of the API family and points the service at it. */
export function ecsFargateRelease(config: EnvironmentConfig): ReleasePermissions {
  const names = roleNames(config);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'EcsDeployService',
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: [arn('ecs', `service/${config.service.clusterName}/${config.service.name}`)],
      }),
      new iam.PolicyStatement({
        sid: 'EcsRegisterTaskDefinition',
        actions: ['ecs:RegisterTaskDefinition'],
        resources: [arn('ecs', `task-definition/${config.service.name}:*`)],
      }),
      new iam.PolicyStatement({
        sid: 'EcsReadTaskDefinitions',
        // DescribeTaskDefinition has no resource-level permissions: IAM only grants it on "*"
        // (it reads the running revision, which the script copies with the new image).
        actions: ['ecs:DescribeTaskDefinition'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'PassEcsTaskRoles',
        actions: ['iam:PassRole'],
        resources: [roleArn(names.ecsTaskExecution), roleArn(names.ecsTask)],
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    ],
    acknowledgements: [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Task-definition revisions are numbered by ECS at registration; <family>:* pins the API family and ' +
          'nothing else (the deploy script registers a new revision of it).',
        appliesTo: [`Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/${config.service.name}:*`],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'ecs:DescribeTaskDefinition supports no resource-level permissions (IAM grants it on "*" only); it reads ' +
          'task definitions and changes nothing.',
        appliesTo: ['Resource::*'],
      },
    ],
  };
}
