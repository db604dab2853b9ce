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
    const environment = apiEnvironment(config, { appVersion: image.tag.valueAsString });
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

/** The release updates the one Express service. */
export function ecsExpressRelease(config: EnvironmentConfig): ReleasePermissions {
  const names = roleNames(config);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'EcsExpressDeploy',
        actions: ['ecs:DescribeExpressGatewayService', 'ecs:DescribeServices', 'ecs:UpdateExpressGatewayService'],
        resources: [arn('ecs', `service/${config.service.clusterName}/${config.service.name}`)],
      }),
      new iam.PolicyStatement({
        sid: 'PassEcsExpressRoles',
        actions: ['iam:PassRole'],
        resources: [roleArn(names.ecsTaskExecution), roleArn(names.ecsTask), roleArn(names.ecsInfrastructure)],
        // The infrastructure role goes to ECS itself, the task roles to ECS tasks.
        conditions: { StringEquals: { 'iam:PassedToService': ['ecs.amazonaws.com', 'ecs-tasks.amazonaws.com'] } },
      }),
    ],
    acknowledgements: [],
  };
}
