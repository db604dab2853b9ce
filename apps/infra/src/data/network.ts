import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';

/**
 * The VPC: public subnets (NAT, load balancers), `app` subnets with egress through NAT (the
 * API: App Runner's connector, ECS tasks, the Lambda function) and isolated `data` subnets
 * (PostgreSQL, RDS Proxy). Rejected traffic is logged.
 */
export class Network {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, config: EnvironmentConfig) {
    this.vpc = new ec2.Vpc(scope, 'Vpc', {
      maxAzs: config.network.maxAzs,
      natGateways: config.network.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(scope, 'FlowLogs', {
              retention: logs.RetentionDays.THREE_MONTHS,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
  }
}
