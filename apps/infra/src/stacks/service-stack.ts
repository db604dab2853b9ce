import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { ApiTarget, createApiTarget } from '../targets';

export interface ServiceStackProps extends StackProps {
  readonly config: EnvironmentConfig;
  readonly vpc: ec2.IVpc;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  readonly database: rds.DatabaseInstance;
  readonly credentialsSecret: secretsmanager.ISecret;
  readonly databaseUrlSecret: secretsmanager.ISecret;
  readonly jwtSecret: secretsmanager.ISecret;
  /** Context `imageTag`: default of the ImageTag parameter (the release flow sets it). */
  readonly imageTag?: string;
}

/**
 * The running API on the configured deploy target (`targets/`): the API's security group
 * and its way into PostgreSQL, the target's construct, and the outputs the release reads.
 */
export class ServiceStack extends Stack {
  readonly appSecurityGroup: ec2.SecurityGroup;
  readonly target: ApiTarget;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    const { config } = props;

    // The API's own group (App Runner VPC connector, ECS tasks, the Lambda function): the
    // only client PostgreSQL (or RDS Proxy in front of it) accepts. The target opens the way.
    this.appSecurityGroup = new ec2.SecurityGroup(this, 'ApiSecurityGroup', {
      vpc: props.vpc,
      description: `${config.service.name}: the API (outbound to PostgreSQL and AWS APIs)`,
      allowAllOutbound: true,
    });

    this.target = createApiTarget(this, {
      config,
      vpc: props.vpc,
      securityGroup: this.appSecurityGroup,
      databaseSecurityGroup: props.databaseSecurityGroup,
      database: props.database,
      credentialsSecret: props.credentialsSecret,
      databaseUrlSecret: props.databaseUrlSecret,
      jwtSecret: props.jwtSecret,
      imageTag: props.imageTag,
    });

    for (const output of [...this.target.outputs, this.target.url]) {
      new CfnOutput(this, output.name, { value: output.value, description: output.description });
    }
  }
}

