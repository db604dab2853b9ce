import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
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
 * ECS Express Mode (`AWS::ECS::ExpressGatewayService`): AWS manages the HTTPS load balancer,
 * certificate, scaling and canary deployments. The release calls UpdateExpressGatewayService
 * with the new image and waits for the service deployment.
 */
export class EcsExpressTarget implements ApiTarget {
  readonly url: TargetOutput;
  readonly outputs: readonly TargetOutput[];

  constructor(scope: Construct, props: ApiTargetProps & { readonly image: ContainerImage }) {
    const { config, image } = props;
    const names = roleNames(config);
    const environment = apiEnvironment(config, {
      appVersion: image.tag.valueAsString,
      // The Application Load Balancer Express Mode manages is the one proxy; it appends the client's address.
      trustProxy: 1,
      memoryMiB: ecsMemory(config.service.memory),
    });
    const { executionRole, taskRole, cluster, logGroup } = new EcsFoundation(scope, props);
    const infrastructureRole = new iam.Role(scope, 'ExpressInfrastructureRole', {
      roleName: names.ecsInfrastructure,
      description: 'ECS Express Mode creates and manages the load balancer, certificate and scaling of the API',
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSInfrastructureRoleforExpressGatewayServices'),
      ],
    });
    logGroup.grantWrite(executionRole);

    const service = new ecs.CfnExpressGatewayService(scope, 'ExpressService', {
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
        securityGroups: [props.securityGroup.securityGroupId],
      },
      primaryContainer: {
        image: image.uri,
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

    this.outputs = [
      { name: OUTPUTS.ecsClusterName, value: cluster.clusterName, description: 'GitHub variable ECS_CLUSTER' },
      { name: OUTPUTS.ecsServiceName, value: config.service.name, description: 'GitHub variable ECS_SERVICE' },
      { name: 'EcsServiceArn', value: service.attrServiceArn, description: 'Express service ARN' },
    ];
    this.url = { name: OUTPUTS.serviceUrl, value: `https://${service.attrEndpoint}`, description: 'GitHub variable SERVICE_URL' };
  }
}

/**
 * The release updates the one Express service and follows its canary deployment:
 * UpdateExpressGatewayService (which also registers the new task-definition revision and
 * passes the service's roles, as the caller), DescribeExpressGatewayService and
 * ListServiceDeployments / DescribeServiceDeployments to wait for the deployment and see a
 * rollback by the service.
 */
export function ecsExpressRelease(config: EnvironmentConfig): ReleasePermissions {
  const names = roleNames(config);
  const { clusterName, name } = config.service;
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'EcsExpressDeploy',
        actions: [
          'ecs:DescribeExpressGatewayService',
          'ecs:DescribeServices',
          'ecs:ListServiceDeployments',
          'ecs:UpdateExpressGatewayService',
        ],
        resources: [arn('ecs', `service/${clusterName}/${name}`)],
      }),
      new iam.PolicyStatement({
        sid: 'EcsExpressDeployments',
        // DescribeServiceDeployments authorizes on the service and on the deployment.
        actions: ['ecs:DescribeServiceDeployments'],
        resources: [arn('ecs', `service/${clusterName}/${name}`), arn('ecs', `service-deployment/${clusterName}/${name}/*`)],
      }),
      new iam.PolicyStatement({
        sid: 'EcsExpressTaskDefinitions',
        // Express Mode registers the revision under a family it names itself (undocumented),
        // so the family cannot be pinned; without RunTask, CreateService or a role to pass
        // other than the three below, a registered definition runs nowhere but in this service.
        actions: ['ecs:RegisterTaskDefinition'],
        resources: [arn('ecs', 'task-definition/*')],
      }),
      new iam.PolicyStatement({
        sid: 'PassEcsExpressRoles',
        actions: ['iam:PassRole'],
        resources: [roleArn(names.ecsTaskExecution), roleArn(names.ecsTask), roleArn(names.ecsInfrastructure)],
        // The infrastructure role goes to ECS itself, the task roles to ECS tasks.
        conditions: { StringEquals: { 'iam:PassedToService': ['ecs.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
      }),
    ],
    acknowledgements: [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'A service deployment id is assigned by ECS when the deployment starts; service-deployment/<cluster>/<service>/* ' +
          'pins the deployments of the one service.',
        appliesTo: [`Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service-deployment/${clusterName}/${name}/*`],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'UpdateExpressGatewayService registers the new revision as the caller under a family Express Mode chooses; ' +
          'the role can pass only the service roles and start no task, so a definition runs only in this service.',
        appliesTo: ['Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/*'],
      },
    ],
  };
}
