import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as apprunner from 'aws-cdk-lib/aws-apprunner';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import { EnvironmentConfig, roleNames } from '../config';
import { suppress } from '../nag';
import { OUTPUTS } from '../outputs';

export interface ServiceStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly databaseUrlSecret: secretsmanager.ISecret;
  readonly jwtSecret: secretsmanager.ISecret;
  /** Context `imageTag`: default of the ImageTag parameter (the release flow sets it). */
  readonly imageTag?: string;
}

/** ECR pull actions for a runtime role (App Runner access role, ECS execution role). */
const ECR_PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:DescribeImages', 'ecr:GetDownloadUrlForLayer'];

/** Pulling the API image: reads of the one repository, plus the registry login (only on `*`). */
function allowImagePull(role: iam.Role, repository: ecr.IRepository): void {
  role.addToPolicy(new iam.PolicyStatement({ actions: ECR_PULL, resources: [repository.repositoryArn] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
}

const ECR_LOGIN_REASON =
  'ecr:GetAuthorizationToken only exists on "*" (a registry login); pulls are limited to the API repository.';

/**
 * The running API: App Runner (default) or, for accounts that cannot create App Runner services
 * (closed to new customers since 2026-04-30), ECS on Fargate behind an ALB or ECS Express Mode.
 * The image tag is a stack parameter: the release flow deploys a tag, and a later
 * `cdk deploy` without `--parameters` keeps the previous value.
 */
export class ServiceStack extends Stack {
  readonly imageTag: CfnParameter;
  readonly appSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.imageTag = new CfnParameter(this, 'ImageTag', {
      type: 'String',
      description: 'Release tag of the API image in ECR (immutable), e.g. v1.2.3',
      allowedPattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$',
      ...(props.imageTag ? { default: props.imageTag } : {}),
    });

    // By name, not by reference: the Delivery stack stays independent of this one.
    const repository = ecr.Repository.fromRepositoryName(this, 'ApiRepository', config.ecr.repositoryName);

    // The API's own group (App Runner VPC connector / ECS tasks): the only way into PostgreSQL.
    // The rule is a raw ingress in this stack: the L2 helper would place it in the Data stack
    // and make Data depend on Service.
    this.appSecurityGroup = new ec2.SecurityGroup(this, 'ApiSecurityGroup', {
      vpc: props.vpc,
      description: `${config.service.name}: the API (outbound to PostgreSQL and AWS APIs)`,
      allowAllOutbound: true,
    });
    new ec2.CfnSecurityGroupIngress(this, 'DatabaseFromApi', {
      groupId: props.databaseSecurityGroup.securityGroupId,
      sourceSecurityGroupId: this.appSecurityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      description: `PostgreSQL from ${config.service.name}`,
    });

    const environment: Record<string, string> = {
      NODE_ENV: 'production',
      PORT: String(config.service.port),
      LOG_LEVEL: config.service.logLevel,
      // The image's version is its tag: /api/health reports it, the deploy script checks it.
      APP_VERSION: this.imageTag.valueAsString,
      // Each new instance migrates at start under a PostgreSQL advisory lock (one wins).
      DB_MIGRATIONS: 'on',
    };

    if (config.deployTarget === 'apprunner') {
      this.appRunner(config, props, repository, environment);
    } else if (config.ecsMode === 'fargate') {
      this.ecsFargate(config, props, repository, environment);
    } else {
      this.ecsExpress(config, props, repository, environment);
    }
  }

  private appRunner(
    config: EnvironmentConfig,
    props: ServiceStackProps,
    repository: ecr.IRepository,
    environment: Record<string, string>,
  ): void {
    const names = roleNames(config);

    const accessRole = new iam.Role(this, 'AppRunnerAccessRole', {
      roleName: names.appRunnerAccess,
      description: 'App Runner pulls the API image from ECR',
      assumedBy: new iam.ServicePrincipal('build.apprunner.amazonaws.com'),
    });
    allowImagePull(accessRole, repository);
    suppress(accessRole, [{ id: 'AwsSolutions-IAM5', reason: ECR_LOGIN_REASON, appliesTo: ['Resource::*'] }]);

    const instanceRole = new iam.Role(this, 'AppRunnerInstanceRole', {
      roleName: names.appRunnerInstance,
      description: 'The running API: reads its two secrets, nothing else',
      assumedBy: new iam.ServicePrincipal('tasks.apprunner.amazonaws.com'),
    });
    props.databaseUrlSecret.grantRead(instanceRole);
    props.jwtSecret.grantRead(instanceRole);

    const connector = new apprunner.CfnVpcConnector(this, 'VpcConnector', {
      vpcConnectorName: `${config.service.name}`.slice(0, 40),
      subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroups: [this.appSecurityGroup.securityGroupId],
    });

    const scaling = new apprunner.CfnAutoScalingConfiguration(this, 'AutoScaling', {
      autoScalingConfigurationName: `${config.service.name}`.slice(0, 32),
      minSize: config.service.minInstances,
      maxSize: config.service.maxInstances,
      maxConcurrency: config.service.maxConcurrency,
    });

    const service = new apprunner.CfnService(this, 'AppRunnerService', {
      serviceName: config.service.name,
      sourceConfiguration: {
        // The release flow deploys explicitly (UpdateService with the new tag).
        autoDeploymentsEnabled: false,
        authenticationConfiguration: { accessRoleArn: accessRole.roleArn },
        imageRepository: {
          imageRepositoryType: 'ECR',
          imageIdentifier: `${repository.repositoryUri}:${this.imageTag.valueAsString}`,
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

    new CfnOutput(this, OUTPUTS.appRunnerServiceArn, {
      value: service.attrServiceArn,
      description: 'GitHub variable APP_RUNNER_SERVICE_ARN',
    });
    new CfnOutput(this, OUTPUTS.serviceUrl, {
      value: `https://${service.attrServiceUrl}`,
      description: 'GitHub variable SERVICE_URL',
    });
  }

  /** The ECS cluster and the API's log group, the same for both ECS variants. */
  private clusterWithLogs(config: EnvironmentConfig, props: ServiceStackProps) {
    const cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: config.service.clusterName,
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const logGroup = new logs.LogGroup(this, 'ApiLogs', {
      logGroupName: `/conduit/${config.name}/api`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    return { cluster, logGroup };
  }

  private taskRoles(config: EnvironmentConfig, props: ServiceStackProps, repository: ecr.IRepository) {
    const names = roleNames(config);
    const executionRole = new iam.Role(this, 'TaskExecutionRole', {
      roleName: names.ecsTaskExecution,
      description: 'ECS pulls the API image, injects its secrets and writes its logs',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    allowImagePull(executionRole, repository);
    props.databaseUrlSecret.grantRead(executionRole);
    props.jwtSecret.grantRead(executionRole);
    const taskRole = new iam.Role(this, 'TaskRole', {
      roleName: names.ecsTask,
      description: 'The running API (it calls no AWS API)',
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    });
    return { executionRole, taskRole };
  }

  private ecsFargate(
    config: EnvironmentConfig,
    props: ServiceStackProps,
    repository: ecr.IRepository,
    environment: Record<string, string>,
  ): void {
    const { executionRole, taskRole } = this.taskRoles(config, props, repository);
    const { cluster, logGroup } = this.clusterWithLogs(config, props);
    const certificate = config.service.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', config.service.certificateArn)
      : undefined;

    const fargate = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Api', {
      cluster,
      serviceName: config.service.name,
      cpu: ecsCpu(config.service.cpu),
      memoryLimitMiB: ecsMemory(config.service.memory),
      desiredCount: config.service.minInstances,
      taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.appSecurityGroup],
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
        image: ecs.ContainerImage.fromEcrRepository(repository, this.imageTag.valueAsString),
        containerPort: config.service.port,
        executionRole,
        taskRole,
        environment,
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

    suppress(executionRole, [{ id: 'AwsSolutions-IAM5', reason: ECR_LOGIN_REASON, appliesTo: ['Resource::*'] }]);
    suppress(fargate.loadBalancer, [
      {
        id: 'AwsSolutions-ELB2',
        reason:
          'Every request is logged by the API itself (pino-http to CloudWatch Logs with request id, status and ' +
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
          'DB_MIGRATIONS); DATABASE_URL and JWT_SECRET come from Secrets Manager.',
      },
    ]);

    new CfnOutput(this, OUTPUTS.ecsClusterName, { value: cluster.clusterName, description: 'GitHub variable ECS_CLUSTER' });
    new CfnOutput(this, OUTPUTS.ecsServiceName, {
      value: fargate.service.serviceName,
      description: 'GitHub variable ECS_SERVICE',
    });
    new CfnOutput(this, OUTPUTS.serviceUrl, {
      value: `${certificate ? 'https' : 'http'}://${fargate.loadBalancer.loadBalancerDnsName}`,
      description: certificate
        ? 'GitHub variable SERVICE_URL (point your DNS name at it and use that instead)'
        : 'GitHub variable SERVICE_URL. HTTP only: set certificateArn for HTTPS',
    });
  }

  private ecsExpress(
    config: EnvironmentConfig,
    props: ServiceStackProps,
    repository: ecr.IRepository,
    environment: Record<string, string>,
  ): void {
    const names = roleNames(config);
    const { executionRole, taskRole } = this.taskRoles(config, props, repository);
    const infrastructureRole = new iam.Role(this, 'ExpressInfrastructureRole', {
      roleName: names.ecsInfrastructure,
      description: 'ECS Express Mode creates and manages the load balancer, certificate and scaling of the API',
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSInfrastructureRoleforExpressGatewayServices'),
      ],
    });
    const { cluster, logGroup } = this.clusterWithLogs(config, props);
    logGroup.grantWrite(executionRole);

    const service = new ecs.CfnExpressGatewayService(this, 'ExpressService', {
      serviceName: config.service.name,
      cluster: cluster.clusterName,
      cpu: String(ecsCpu(config.service.cpu)),
      memory: String(ecsMemory(config.service.memory)),
      executionRoleArn: executionRole.roleArn,
      taskRoleArn: taskRole.roleArn,
      infrastructureRoleArn: infrastructureRole.roleArn,
      healthCheckPath: config.service.healthCheckPath,
      networkConfiguration: {
        subnets: props.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
        securityGroups: [this.appSecurityGroup.securityGroupId],
      },
      primaryContainer: {
        image: `${repository.repositoryUri}:${this.imageTag.valueAsString}`,
        containerPort: config.service.port,
        environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
        secrets: [
          { name: 'DATABASE_URL', valueFrom: props.databaseUrlSecret.secretArn },
          { name: 'JWT_SECRET', valueFrom: props.jwtSecret.secretArn },
        ],
        awsLogsConfiguration: { logGroup: logGroup.logGroupName, logStreamPrefix: 'api' },
      },
      scalingTarget: {
        minTaskCount: config.service.minInstances,
        maxTaskCount: config.service.maxInstances,
        autoScalingMetric: 'AVERAGE_CPU',
        autoScalingTargetValue: 60,
      },
    });
    service.node.addDependency(executionRole, infrastructureRole);

    suppress(executionRole, [{ id: 'AwsSolutions-IAM5', reason: ECR_LOGIN_REASON, appliesTo: ['Resource::*'] }]);
    suppress(infrastructureRole, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AmazonECSInfrastructureRoleforExpressGatewayServices is the AWS-maintained policy Express Mode requires ' +
          '(it tracks the resources the service manages as the feature evolves).',
        appliesTo: [
          'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
        ],
      },
    ]);

    new CfnOutput(this, OUTPUTS.ecsClusterName, { value: cluster.clusterName, description: 'GitHub variable ECS_CLUSTER' });
    new CfnOutput(this, OUTPUTS.ecsServiceName, {
      value: config.service.name,
      description: 'GitHub variable ECS_SERVICE',
    });
    new CfnOutput(this, 'EcsServiceArn', { value: service.attrServiceArn, description: 'Express service ARN' });
    new CfnOutput(this, OUTPUTS.serviceUrl, {
      value: `https://${service.attrEndpoint}`,
      description: 'GitHub variable SERVICE_URL',
    });
  }
}

function ecsCpu(cpu: EnvironmentConfig['service']['cpu']): number {
  return Math.round(parseFloat(cpu) * 1024);
}

function ecsMemory(memory: EnvironmentConfig['service']['memory']): number {
  return Math.round(parseFloat(memory) * 1024);
}
