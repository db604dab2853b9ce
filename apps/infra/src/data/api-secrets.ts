import { Fn, SecretValue } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { EnvironmentConfig } from '../config';
import { suppress } from '../nag';
import { ROTATION_IS_MANUAL } from './database';

/** Where a DATABASE_URL points: the instance endpoint, or an RDS Proxy endpoint in front of it. */
export interface PostgresEndpoint {
  readonly host: string;
  readonly port: string;
}

/** node-postgres URL options: TLS that verifies the server's certificate and name against the RDS CA bundle. */
export function verifiedTls(caBundlePath: string): string {
  return `sslmode=verify-full&sslrootcert=${caBundlePath}`;
}

/**
 * A DATABASE_URL secret composed by CloudFormation itself: `postgres://` + the user and
 * password as dynamic references (`{{resolve:secretsmanager:…:password}}`) + the endpoint.
 * CloudFormation resolves the references at deploy time and never stores or displays the
 * result, so no template holds the password and no custom resource or network call is
 * needed; the generated password is alphanumeric, so it needs no URL-encoding.
 */
export function composedDatabaseUrl(
  scope: Construct,
  id: string,
  props: {
    readonly config: EnvironmentConfig;
    readonly credentials: secretsmanager.ISecret;
    readonly endpoint: PostgresEndpoint;
    /** Query string (without `?`), e.g. the TLS settings. */
    readonly options: string;
    readonly secretName: string;
    readonly description: string;
  },
): secretsmanager.Secret {
  const { credentials, endpoint, options } = props;
  const url = Fn.join('', [
    'postgres://',
    credentials.secretValueFromJson('username').unsafeUnwrap(),
    ':',
    credentials.secretValueFromJson('password').unsafeUnwrap(),
    '@',
    endpoint.host,
    ':',
    endpoint.port,
    '/',
    props.config.database.databaseName,
    options ? `?${options}` : '',
  ]);
  const secret = new secretsmanager.Secret(scope, id, {
    secretName: props.secretName,
    description: props.description,
    // Only dynamic references: CloudFormation resolves them at deploy time and never stores
    // or displays the result; the template holds no secret material.
    secretStringValue: SecretValue.unsafePlainText(url),
  });
  suppress(secret, [ROTATION_IS_MANUAL]);
  return secret;
}

/**
 * The two secrets the API reads: DATABASE_URL (composed from the credentials secret and the
 * instance endpoint) and JWT_SECRET (generated). App Runner and ECS inject them as ordinary
 * secrets. Rotation is not enabled (it would desynchronise the two database secrets): rotate
 * by the documented procedure (docs/infrastructure.md).
 */
export class ApiSecrets {
  readonly databaseUrl: secretsmanager.Secret;
  readonly jwtSecret: secretsmanager.Secret;

  constructor(
    scope: Construct,
    props: { readonly config: EnvironmentConfig; readonly credentials: secretsmanager.ISecret; readonly endpoint: PostgresEndpoint },
  ) {
    const { config } = props;
    this.databaseUrl = composedDatabaseUrl(scope, 'DatabaseUrl', {
      config,
      credentials: props.credentials,
      endpoint: props.endpoint,
      options: verifiedTls(config.database.caBundle.container),
      secretName: `conduit/${config.name}/database-url`,
      description: 'DATABASE_URL of the API, composed by CloudFormation from the credentials secret',
    });
    this.jwtSecret = new secretsmanager.Secret(scope, 'JwtSecret', {
      secretName: `conduit/${config.name}/jwt-secret`,
      description: 'JWT_SECRET of the API (HS256 signing key); rotating it logs every user out',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
    });
    suppress(this.jwtSecret, [ROTATION_IS_MANUAL]);
  }
}
