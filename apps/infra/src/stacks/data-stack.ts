import { Duration, Fn, RemovalPolicy, SecretValue, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { suppress } from '../nag';

export interface DataStackProps extends StackProps {
  readonly config: EnvironmentConfig;
}

/**
 * The stateful part: network, PostgreSQL and the two secrets the API reads.
 *
 * DATABASE_URL: the API reads one URL, but RDS credentials live in a JSON secret. The URL
 * secret below is composed by CloudFormation itself from dynamic references
 * (`{{resolve:secretsmanager:…:password}}`) and the instance endpoint, so no plaintext ever
 * appears in a template, no custom resource or network call is needed, and App Runner/ECS
 * inject it as an ordinary secret. The generated password is alphanumeric so it needs no
 * URL-encoding. Rotation is not enabled (it would desynchronise the two secrets): rotate by
 * the documented procedure (docs/infrastructure.md).
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
    const db = config.database;
    const production = config.name === 'production';

    this.vpc = new ec2.Vpc(this, 'Vpc', {
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
            new logs.LogGroup(this, 'FlowLogs', {
              retention: logs.RetentionDays.THREE_MONTHS,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });

    // No ingress here: the Service stack adds the one rule (5432 from the API's group), so the
    // rule lives and dies with the service and no reference points back from Data to Service.
    const dbSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSecurityGroup', {
      vpc: this.vpc,
      description: `${config.service.name}: PostgreSQL, reachable from the API only`,
      allowAllOutbound: false,
    });
    this.databaseSecurityGroup = dbSecurityGroup;

    const credentials = new secretsmanager.Secret(this, 'DatabaseCredentials', {
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

    const parameterGroup = new rds.ParameterGroup(this, 'DatabaseParameters', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
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
        new logs.LogGroup(this, `DatabaseLogs-${log}`, {
          logGroupName: `/aws/rds/instance/${instanceIdentifier}/${log}`,
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    );

    this.database = new rds.DatabaseInstance(this, 'Database', {
      instanceIdentifier,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(db.instanceType),
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [dbSecurityGroup],
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
      removalPolicy: production ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
      monitoringInterval: Duration.seconds(60),
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
    });
    for (const group of logGroups) this.database.node.addDependency(group);
    // fromSecret attaches the instance to the secret (adds host/port/dbname to the JSON).
    this.credentialsSecret = this.database.secret ?? credentials;

    const user = this.credentialsSecret.secretValueFromJson('username').unsafeUnwrap();
    const password = this.credentialsSecret.secretValueFromJson('password').unsafeUnwrap();
    const url = Fn.join('', [
      'postgres://',
      user,
      ':',
      password,
      '@',
      this.database.dbInstanceEndpointAddress,
      ':',
      this.database.dbInstanceEndpointPort,
      '/',
      db.databaseName,
      db.urlOptions ? `?${db.urlOptions}` : '',
    ]);
    this.databaseUrlSecret = new secretsmanager.Secret(this, 'DatabaseUrl', {
      secretName: `conduit/${config.name}/database-url`,
      description: 'DATABASE_URL of the API, composed by CloudFormation from the credentials secret',
      // Only dynamic references: CloudFormation resolves them at deploy time and never stores
      // or displays the result; the template holds no secret material.
      secretStringValue: SecretValue.unsafePlainText(url),
    });

    this.jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
      secretName: `conduit/${config.name}/jwt-secret`,
      description: 'JWT_SECRET of the API (HS256 signing key); rotating it logs every user out',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });

    for (const secret of [credentials, this.databaseUrlSecret, this.jwtSecret]) {
      suppress(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            'Automatic rotation would change the password behind DATABASE_URL (a composed secret) or log all users ' +
            'out (JWT_SECRET) without a redeploy of the API; rotation is a documented manual procedure.',
        },
      ]);
    }
    suppress(this.database, [
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
