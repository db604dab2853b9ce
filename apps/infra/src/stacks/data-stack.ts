import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { ApiSecrets } from '../data/api-secrets';
import { Database } from '../data/database';
import { Network } from '../data/network';

export interface DataStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The stateful part: network (`data/network.ts`), PostgreSQL (`data/database.ts`) and the
 * two secrets the API reads (`data/api-secrets.ts`). Like the deploy targets, each part adds
 * its resources to this stack's own scope (see `targets/api-target.ts` for why), so the
 * database and the VPC keep the logical ids they were created with.
 */
export class DataStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** The database's security group; the Service stack opens 5432 to its own group. */
  readonly databaseSecurityGroup: ec2.SecurityGroup;
  readonly database: rds.DatabaseInstance;
  readonly credentialsSecret: secretsmanager.ISecret;
  readonly databaseUrlSecret: secretsmanager.Secret;
  readonly jwtSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.vpc = new Network(this, config).vpc;
    const database = new Database(this, config, this.vpc);
    this.databaseSecurityGroup = database.securityGroup;
    this.database = database.instance;
    this.credentialsSecret = database.credentials;

    const secrets = new ApiSecrets(this, {
      config,
      credentials: database.credentials,
      endpoint: { host: database.instance.dbInstanceEndpointAddress, port: database.instance.dbInstanceEndpointPort },
    });
    this.databaseUrlSecret = secrets.databaseUrl;
    this.jwtSecret = secrets.jwtSecret;
  }
}
