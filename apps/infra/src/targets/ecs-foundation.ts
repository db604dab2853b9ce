import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { ApiTargetProps } from './api-target';
import { ContainerImage, ECR_LOGIN_ON_STAR } from './container-image';

/**
 * What both ECS variants (Fargate behind an ALB, Express Mode) share: the cluster, the API's
 * log group, the execution role (pulls the image, injects the two secrets, writes the logs)
 * and the task role (the running API, which calls no AWS API).
 */
export class EcsFoundation {
  readonly executionRole: iam.Role;
  readonly taskRole: iam.Role;
  readonly cluster: ecs.Cluster;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, props: ApiTargetProps & { readonly image: ContainerImage }) {
    const { config } = props;
    const names = roleNames(config);

    this.executionRole = new iam.Role(scope, 'TaskExecutionRole', {
      roleName: names.ecsTaskExecution,
      description: 'ECS pulls the API image, injects its secrets and writes its logs',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    props.image.grantPull(this.executionRole);
    props.databaseUrlSecret.grantRead(this.executionRole);
    props.jwtSecret.grantRead(this.executionRole);
    suppress(this.executionRole, [ECR_LOGIN_ON_STAR]);

    this.taskRole = new iam.Role(scope, 'TaskRole', {
      roleName: names.ecsTask,
      description: 'The running API (it calls no AWS API)',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });

    this.cluster = new ecs.Cluster(scope, 'Cluster', {
      clusterName: config.service.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.logGroup = new logs.LogGroup(scope, 'ApiLogs', {
      logGroupName: `/conduit/${config.name}/api`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }
}

/** App Runner sizes (`1 vCPU`, `2 GB`) as ECS CPU units and MiB. */
export function ecsCpu(cpu: EnvironmentConfig['service']['cpu']): number {
  return Math.round(parseFloat(cpu) * 1024);
}

export function ecsMemory(memory: EnvironmentConfig['service']['memory']): number {
  return Math.round(parseFloat(memory) * 1024);
}
