import * as path from 'node:path';
import { CfnCondition, CfnParameter, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { arn } from '../../arns';
import { EnvironmentConfig, roleNames } from '../../config';
import { composedDatabaseUrl, verifiedTls } from '../../data/api-secrets';
import { suppress } from '../../nag';
import { OUTPUTS } from '../../outputs';
import { ApiTarget, apiEnvironment, ApiTargetProps, ReleasePermissions, TargetOutput } from '../api-target';

/** The alias the Function URL serves; the release moves it from version to version. */
const LIVE_ALIAS = 'live';

export interface LambdaTargetProps extends ApiTargetProps {
  readonly database: rds.DatabaseInstance;
  readonly databaseSecurityGroup: ec2.ISecurityGroup;
  /** The master user JSON: RDS Proxy signs in with it, and DATABASE_URL carries the same user. */
  readonly credentialsSecret: secretsmanager.ISecret;
}

/**
 * The API as one Lambda function (Node 24, the release zip's `lambda.js`, handler
 * `lambda.handler`) behind a Function URL on the alias `live`, in the `app` subnets, reaching
 * PostgreSQL through RDS Proxy (a Lambda scales to many short-lived environments; the proxy
 * pools their connections and keeps failovers short).
 *
 * Code and versions belong to the release: CloudFormation creates the function with a
 * placeholder that answers 503 (`placeholder/lambda.js`, same handler) and publishes it as the
 * first version; the release then calls UpdateFunctionCode, PublishVersion, invokes the new
 * version's /api/health and moves `live` (back, on failure). The stack parameter `LiveVersion`
 * keeps a later `cdk deploy` from moving `live` back: pass the version that is live (like
 * `ImageTag` for the containers), or leave it empty on the first deploy.
 *
 * Secrets: Lambda environment variables cannot reference Secrets Manager, and a dynamic
 * reference would put the resolved password into the function configuration, readable by
 * anyone with lambda:GetFunctionConfiguration (the deploy role among them). The function
 * gets the secrets' ARNs instead (`DATABASE_URL_SECRET_ARN`, `JWT_SECRET_SECRET_ARN`) and
 * may read those two secrets; the app resolves them at cold start.
 */
export class LambdaTarget implements ApiTarget {
  readonly url: TargetOutput;
  readonly outputs: readonly TargetOutput[];

  constructor(scope: Construct, props: LambdaTargetProps) {
    const { config } = props;
    const name = config.service.name;

    // RDS Proxy in the isolated subnets: reachable from the function only, reaching PostgreSQL only.
    const proxySecurityGroup = new ec2.SecurityGroup(scope, 'DatabaseProxySecurityGroup', {
      vpc: props.vpc,
      description: `${name}: RDS Proxy, from the API function to PostgreSQL`,
      allowAllOutbound: false,
    });
    proxySecurityGroup.addIngressRule(props.securityGroup, ec2.Port.tcp(5432), `PostgreSQL from ${name}`);
    proxySecurityGroup.addEgressRule(
      ec2.Peer.securityGroupId(props.databaseSecurityGroup.securityGroupId),
      ec2.Port.tcp(5432),
      'PostgreSQL',
    );
    // A raw ingress in this stack (as DatabaseFromApi for the containers): the L2 helper would
    // put it into the Data stack and make Data depend on Service.
    new ec2.CfnSecurityGroupIngress(scope, 'DatabaseFromProxy', {
      groupId: props.databaseSecurityGroup.securityGroupId,
      sourceSecurityGroupId: proxySecurityGroup.securityGroupId,
      ipProtocol: 'tcp',
      fromPort: 5432,
      toPort: 5432,
      description: `PostgreSQL from the RDS Proxy of ${name}`,
    });
    // The proxy's L2 would open the database's own security group to the proxy, a rule in the
    // Data stack pointing back at this one (a cycle); a view of the instance without its
    // groups leaves that to DatabaseFromProxy above.
    const target = rds.DatabaseInstance.fromDatabaseInstanceAttributes(scope, 'ProxiedDatabase', {
      instanceIdentifier: props.database.instanceIdentifier,
      instanceEndpointAddress: props.database.dbInstanceEndpointAddress,
      port: 5432,
      securityGroups: [],
      engine: props.database.engine,
    });
    const proxy = new rds.DatabaseProxy(scope, 'DatabaseProxy', {
      dbProxyName: name,
      proxyTarget: rds.ProxyTarget.fromInstance(target),
      // The secret the proxy signs in with; clients present the same user and password.
      secrets: [props.credentialsSecret],
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [proxySecurityGroup],
      requireTLS: true,
      iamAuth: false,
      // Lambda environments come and go; idle client connections are closed after 30 min.
      idleClientTimeout: Duration.minutes(30),
    });

    // DATABASE_URL for the function: the same user, the proxy's endpoint. RDS Proxy presents
    // an ACM certificate (Amazon Root CA), which the bundled CA file also holds.
    const databaseUrl = composedDatabaseUrl(scope, 'LambdaDatabaseUrl', {
      config,
      credentials: props.credentialsSecret,
      endpoint: { host: proxy.endpoint, port: '5432' },
      options: verifiedTls(config.database.caBundle.lambda),
      secretName: `conduit/${config.name}/lambda-database-url`,
      description: 'DATABASE_URL of the API on Lambda (through RDS Proxy), composed by CloudFormation',
    });

    const logGroup = new logs.LogGroup(scope, 'ApiFunctionLogs', {
      logGroupName: `/aws/lambda/${name}`,
      retention: config.lambda.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(scope, 'ApiFunctionRole', {
      roleName: roleNames(config).lambdaFunction,
      description: 'The API on Lambda: network interfaces in the VPC, its logs, its two secrets',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole')],
    });
    logGroup.grantWrite(role);

    const fn = new lambda.Function(scope, 'ApiFunction', {
      functionName: name,
      description: 'Conduit API (the release replaces the code; versions and the live alias are the release)',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: config.lambda.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
      handler: 'lambda.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, 'placeholder')),
      memorySize: config.lambda.memoryMiB,
      timeout: Duration.seconds(config.lambda.timeoutSeconds),
      reservedConcurrentExecutions: config.lambda.reservedConcurrency,
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [props.securityGroup],
      environment: {
        // The function is invoked, not reached over TCP: the adapter hands the app the caller's
        // address that AWS saw (requestContext.http.sourceIp), so no X-Forwarded-For hop is trusted.
        ...apiEnvironment(config, { trustProxy: 0 }),
        DATABASE_URL_SECRET_ARN: databaseUrl.secretArn,
        JWT_SECRET_SECRET_ARN: props.jwtSecret.secretArn,
      },
    });
    databaseUrl.grantRead(role);
    props.jwtSecret.grantRead(role);

    // Version 1 is the placeholder; `live` points at it until the first release, then at the
    // version the stack parameter names (the release's, read back by `aws lambda get-alias`).
    const placeholder = new lambda.Version(scope, 'ApiFunctionPlaceholderVersion', {
      lambda: fn,
      description: 'The placeholder the stack creates the function with (answers 503)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const liveVersion = new CfnParameter(scope, 'LiveVersion', {
      type: 'String',
      default: '',
      allowedPattern: '^[0-9]*$',
      description: `Version of ${name} that the alias ${LIVE_ALIAS} serves (empty: the placeholder). Pass the live one on every deploy.`,
    });
    const liveVersionGiven = new CfnCondition(scope, 'LiveVersionGiven', {
      expression: Fn.conditionNot(Fn.conditionEquals(liveVersion.valueAsString, '')),
    });
    const alias = new lambda.Alias(scope, 'ApiFunctionLiveAlias', {
      aliasName: LIVE_ALIAS,
      version: lambda.Version.fromVersionAttributes(scope, 'ApiFunctionLiveVersion', {
        lambda: fn,
        version: Fn.conditionIf(liveVersionGiven.logicalId, liveVersion.valueAsString, placeholder.version).toString(),
      }),
    });
    const functionUrl = alias.addFunctionUrl({
      // The API authenticates its own requests (JWT); the URL is public like the containers'.
      authType: lambda.FunctionUrlAuthType.NONE,
      invokeMode: lambda.InvokeMode.BUFFERED,
    });

    suppress(role, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'AWSLambdaVPCAccessExecutionRole is the AWS-maintained policy for the network interfaces a function in a VPC ' +
          'needs (ec2:CreateNetworkInterface and friends exist on "*" only).',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole'],
      },
    ]);

    this.outputs = [
      { name: OUTPUTS.lambdaFunctionName, value: fn.functionName, description: 'GitHub variable LAMBDA_FUNCTION_NAME' },
      { name: OUTPUTS.lambdaAlias, value: alias.aliasName, description: 'GitHub variable LAMBDA_ALIAS' },
    ];
    // A Function URL ends in "/"; SERVICE_URL has no trailing slash.
    this.url = {
      name: OUTPUTS.serviceUrl,
      value: `https://${Fn.select(2, Fn.split('/', functionUrl.url))}`,
      description: 'GitHub variable SERVICE_URL',
    };
  }
}

/**
 * What the release does to the function, and nothing else: read its state, upload the zip,
 * publish a version, invoke that version for the health check, and move the alias.
 */
export function lambdaRelease(config: EnvironmentConfig): ReleasePermissions {
  const functionArn = arn('lambda', `function:${config.service.name}`);
  return {
    statements: [
      new iam.PolicyStatement({
        sid: 'LambdaPublishCode',
        actions: ['lambda:GetFunctionConfiguration', 'lambda:PublishVersion', 'lambda:UpdateFunctionCode'],
        resources: [functionArn],
      }),
      new iam.PolicyStatement({
        sid: 'LambdaCheckVersions',
        // Qualified ARNs (<function>:<version>): wait for a version and call its /api/health.
        actions: ['lambda:GetFunctionConfiguration', 'lambda:InvokeFunction'],
        resources: [`${functionArn}:*`],
      }),
      new iam.PolicyStatement({
        sid: 'LambdaMoveLiveAlias',
        actions: ['lambda:GetAlias', 'lambda:UpdateAlias'],
        resources: [functionArn, `${functionArn}:${LIVE_ALIAS}`],
      }),
    ],
    acknowledgements: [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Lambda numbers versions when they are published; <function>:* pins the versions of the one function ' +
          '(invoked for the health check before the alias moves).',
        appliesTo: [`Resource::arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:${config.service.name}:*`],
      },
    ],
  };
}
