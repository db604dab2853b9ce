import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { suppress } from '../nag';

const ENGINE = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 });

/**
 * PostgreSQL 17 on RDS in the isolated subnets: encrypted, Multi-AZ, backed up, TLS only,
 * with its master credentials in a generated secret. Nothing may connect yet: the Service
 * stack opens 5432 to the API's own security group (no reference back from Data to Service).
 */
export class Database {
  readonly securityGroup: ec2.SecurityGroup;
  readonly instance: rds.DatabaseInstance;
  /** The master user as JSON (username, password, host, port, dbname). */
  readonly credentials: secretsmanager.ISecret;

  constructor(scope: Construct, config: EnvironmentConfig, vpc: ec2.IVpc) {
    const db = config.database;

    this.securityGroup = new ec2.SecurityGroup(scope, 'DatabaseSecurityGroup', {
      vpc,
      description: `${config.service.name}: PostgreSQL, reachable from the API only`,
      allowAllOutbound: false,
    });

    const credentials = new secretsmanager.Secret(scope, 'DatabaseCredentials', {
      secretName: `conduit/${config.name}/database-credentials`,
      description: 'PostgreSQL master user (JSON: username, password, host, port, dbname)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: db.username }),
        generateStringKey: 'password',
        // Alphanumeric only: the password is embedded in DATABASE_URL without URL-encoding.
        excludePunctuation: true,
        includeSpace: false,
        passwordLength: 40,
      },
    });

    const parameterGroup = new rds.ParameterGroup(scope, 'DatabaseParameters', {
      engine: ENGINE,
      description: `${config.service.name}: TLS only, slow statements logged`,
      parameters: {
        'rds.force_ssl': '1',
        log_min_duration_statement: '1000',
      },
    });

    // RDS writes to /aws/rds/instance/<id>/<log>; creating the groups here sets their
    // retention without the Lambda-backed LogRetention resource `cloudwatchLogsRetention` adds.
    const instanceIdentifier = `conduit-${config.name}`;
    const logGroups = ['postgresql', 'upgrade'].map(
      (log) =>
        new logs.LogGroup(scope, `DatabaseLogs-${log}`, {
          logGroupName: `/aws/rds/instance/${instanceIdentifier}/${log}`,
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    );

    this.instance = new rds.DatabaseInstance(scope, 'Database', {
      instanceIdentifier,
      engine: ENGINE,
      instanceType: new ec2.InstanceType(db.instanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      credentials: rds.Credentials.fromSecret(credentials),
      databaseName: db.databaseName,
      port: 5432,
      parameterGroup,
      multiAz: db.multiAz,
      storageType: rds.StorageType.GP3,
      allocatedStorage: db.allocatedStorageGiB,
      maxAllocatedStorage: db.maxAllocatedStorageGiB,
      storageEncrypted: true,
      backupRetention: Duration.days(db.backupRetentionDays),
      preferredBackupWindow: '02:00-03:00',
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      deleteAutomatedBackups: false,
      copyTagsToSnapshot: true,
      deletionProtection: db.deletionProtection,
      removalPolicy: config.name === 'production' ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: Duration.seconds(60),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    });
    for (const group of logGroups) this.instance.node.addDependency(group);
    // fromSecret attaches the instance to the secret (adds host/port/dbname to the JSON).
    this.credentials = this.instance.secret ?? credentials;

    suppress(credentials, [ROTATION_IS_MANUAL]);
    suppress(this.instance, [
      {
        id: 'AwsSolutions-RDS11',
        reason:
          'The default port 5432 is part of the DATABASE_URL contract; the instance sits in isolated subnets and ' +
          'accepts connections from the API security group only, so a non-standard port would add no protection.',
      },
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AmazonRDSEnhancedMonitoringRole is the AWS-maintained policy for the enhanced monitoring role (CloudWatch Logs ' +
          'RDSOSMetrics only).',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
      },
    ]);
  }
}

/** Every API secret (credentials, DATABASE_URL, JWT_SECRET) is rotated by hand, for one reason. */
export const ROTATION_IS_MANUAL = {
  id: 'AwsSolutions-SMG4',
  reason:
    'Automatic rotation would change the password behind DATABASE_URL (a composed secret) or log all users ' +
    'out (JWT_SECRET) without a redeploy of the API; rotation is a documented manual procedure.',
};
