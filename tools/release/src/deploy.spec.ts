import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { functionUrlGet } from './lib/deploy/function-url-event.ts';
import { runDeploy } from './lib/deploy/run-deploy.ts';
import { capturedIo, flag, installFakeCli, readCalls as readCliCalls, readGithubOutputs, writeScenario, type Scenario } from './testing/fake-cli-harness.ts';

/**
 * The deploy against a fake `aws` on PATH (records calls, replays scripted answers; a real
 * process per call, as the real CLI) and a fake service: a local HTTP server whose
 * /api/health reports the version of whatever the fake AWS was last told to run.
 */

const ARN = 'arn:aws:apprunner:eu-west-1:123456789012:service/conduit-api/0123456789abcdef0123456789abcdef';
const REPO = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/conduit-api';
const OLD = `${REPO}:1.2.2`;
const NEW = `${REPO}:1.2.3`;

type Health = (deployedImage: string | undefined, calls: number) => { status: number; body: unknown };

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  calls: string[][];
  outputs: Record<string, string>;
  summary: string;
  healthCalls: number;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deploy-spec-'));
  installFakeCli(dir, 'aws');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const readCalls = (): string[][] => readCliCalls(dir, 'aws');

/** The image the fake AWS was last told to run (App Runner, ECS task definition, ECS Express container). */
function deployedImage(calls: string[][]): string | undefined {
  let image: string | undefined;
  const registered = new Map<string, string>();
  for (const argv of calls) {
    const command = argv.slice(0, 2).join(' ');
    if (command === 'apprunner update-service') {
      image = JSON.parse(flag(argv, '--source-configuration') ?? '{}').ImageRepository.ImageIdentifier;
    } else if (command === 'ecs register-task-definition') {
      const td = JSON.parse(flag(argv, '--cli-input-json') ?? '{}');
      registered.set(`arn:aws:ecs:eu-west-1:123456789012:task-definition/${td.family}:8`, td.containerDefinitions[0].image);
    } else if (command === 'ecs update-service') {
      const arn = flag(argv, '--task-definition') ?? '';
      image = registered.get(arn) ?? (arn.endsWith(':7') ? OLD : undefined);
    } else if (command === 'ecs update-express-gateway-service') {
      image = JSON.parse(flag(argv, '--primary-container') ?? '{}').image;
    }
  }
  return image;
}

const versionOf = (image: string | undefined) => (image ? image.slice(image.lastIndexOf(':') + 1) : '1.2.2');
const followsImage: Health = (image) => ({ status: 200, body: { status: 'ok', version: versionOf(image), db: 'up' } });

async function run(scenario: Scenario, env: Record<string, string>, health: Health = followsImage): Promise<RunResult> {
  writeScenario(dir, 'aws', scenario);
  writeFileSync(join(dir, 'github-output'), '');
  writeFileSync(join(dir, 'summary.md'), '');
  let healthCalls = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/api/health') {
      res.writeHead(404).end();
      return;
    }
    const answer = health(deployedImage(readCalls()), healthCalls++);
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const captured = capturedIo();
  try {
    const code = await runDeploy(
      {
        PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}`,
        HOME: dir,
        GITHUB_OUTPUT: join(dir, 'github-output'),
        GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
        SERVICE_URL: `http://127.0.0.1:${port}`,
        IMAGE: NEW,
        APP_VERSION: '1.2.3',
        POLL_INTERVAL_SECONDS: '0.02',
        DEPLOY_TIMEOUT_SECONDS: '2',
        HEALTH_TIMEOUT_SECONDS: '1',
        ...env,
      },
      captured.io,
    );
    return {
      code,
      stdout: captured.stdout(),
      stderr: captured.stderr(),
      calls: readCalls(),
      outputs: readGithubOutputs(join(dir, 'github-output')),
      summary: readFileSync(join(dir, 'summary.md'), 'utf8'),
      healthCalls,
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the deploy entry point (node tools/release/src/deploy.ts)', () => {
  it('runs as the workflow runs it and exits 64 on a missing setting, calling nothing', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', join(__dirname, '..', 'typescript-loader.mjs'), join(__dirname, 'deploy.ts')],
      { env: { PATH: `${dir}${delimiter}${process.env['PATH'] ?? ''}`, DEPLOY_TARGET: 'ecs-express', ECS_CLUSTER: 'conduit', IMAGE: NEW, SERVICE_URL: 'x' }, encoding: 'utf8' },
    );
    expect(result.stderr).toContain('ECS_SERVICE is required');
    expect(result.status).toBe(64);
    expect(readCalls()).toEqual([]);
  });
});

/* ---------------------------------------------------------------------------------------- */
/* App Runner                                                                               */

const appRunnerEnv = { DEPLOY_TARGET: 'apprunner', APP_RUNNER_SERVICE_ARN: ARN };

function service(image: string, status = 'RUNNING') {
  return {
    json: {
      Service: {
        ServiceName: 'conduit-api',
        ServiceId: '0123456789abcdef0123456789abcdef',
        ServiceArn: ARN,
        ServiceUrl: 'abcdefgh.eu-west-1.awsapprunner.com',
        Status: status,
        SourceConfiguration: {
          ImageRepository: {
            ImageIdentifier: image,
            ImageConfiguration: { Port: '3000', RuntimeEnvironmentSecrets: { JWT_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/jwt' } },
            ImageRepositoryType: 'ECR',
          },
          AutoDeploymentsEnabled: false,
          AuthenticationConfiguration: { AccessRoleArn: 'arn:aws:iam::123456789012:role/conduit-apprunner-ecr-access' },
        },
        HealthCheckConfiguration: { Protocol: 'HTTP', Path: '/api/health', Interval: 5, Timeout: 2, HealthyThreshold: 1, UnhealthyThreshold: 5 },
      },
    },
  };
}

function updated(operationId: string, image: string) {
  return { json: { Service: { ...service(image, 'OPERATION_IN_PROGRESS').json.Service }, OperationId: operationId } };
}

function operations(...ops: Array<[string, string]>) {
  return {
    json: {
      OperationSummaryList: ops.map(([id, status]) => ({
        Id: id,
        Type: 'UPDATE_SERVICE',
        Status: status,
        TargetArn: ARN,
        StartedAt: '2026-11-26T12:00:00+00:00',
        UpdatedAt: '2026-11-26T12:01:00+00:00',
      })),
    },
  };
}

const OP1 = '17fe9f55-7e91-4097-b243-fcabbb69a4cf';
const OP2 = '27fe9f55-7e91-4097-b243-fcabbb69a4cf';

const commands = (calls: string[][]) => calls.map((argv) => argv.slice(0, 2).join(' '));
const updates = (calls: string[][]) =>
  calls
    .filter((argv) => argv[1] === 'update-service')
    .map((argv) => JSON.parse(flag(argv, '--source-configuration') ?? '{}'));

describe('deploy to App Runner', () => {
  it('points the service at the new tag, waits for the operation and checks the version', async () => {
    const result = await run(
      {
        'apprunner describe-service': [service(OLD)],
        'apprunner update-service': [updated(OP1, NEW)],
        'apprunner list-operations': [operations([OP1, 'IN_PROGRESS']), operations([OP1, 'SUCCEEDED'])],
      },
      appRunnerEnv,
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(commands(result.calls)).toEqual([
      'apprunner describe-service',
      'apprunner update-service',
      'apprunner list-operations',
      'apprunner list-operations',
    ]);
    expect(flag(result.calls[1], '--service-arn')).toBe(ARN);
    const [config] = updates(result.calls);
    // Only the image changes: runtime secrets, port and the ECR access role are kept.
    expect(config).toEqual({
      ...service(OLD).json.Service.SourceConfiguration,
      ImageRepository: { ...service(OLD).json.Service.SourceConfiguration.ImageRepository, ImageIdentifier: NEW },
    });
    expect(result.calls.every((argv) => flag(argv, '--output') === 'json')).toBe(true);
    expect(result.outputs).toEqual({ 'previous-image': OLD, 'deployed-image': NEW, result: 'deployed' });
    expect(result.summary).toContain('Deployed 1.2.3');
  });

  it('rolls back to the previous image when the operation fails', async () => {
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(NEW)],
        'apprunner update-service': [updated(OP1, NEW), updated(OP2, OLD)],
        'apprunner list-operations': [
          operations([OP1, 'IN_PROGRESS']),
          operations([OP1, 'FAILED']),
          operations([OP2, 'SUCCEEDED'], [OP1, 'FAILED']),
        ],
      },
      appRunnerEnv,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`operation ${OP1} ended FAILED`);
    expect(updates(result.calls).map((c) => c.ImageRepository.ImageIdentifier)).toEqual([NEW, OLD]);
    expect(result.outputs['result']).toBe('rolled-back');
    expect(result.summary).toContain('rolled back');
  });

  it('rolls back when /api/health reports another version after a successful operation', async () => {
    const stale: Health = () => ({ status: 200, body: { status: 'ok', version: '1.2.2', db: 'up' } });
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(NEW)],
        'apprunner update-service': [updated(OP1, NEW), updated(OP2, OLD)],
        'apprunner list-operations': [operations([OP1, 'SUCCEEDED']), operations([OP2, 'SUCCEEDED'], [OP1, 'SUCCEEDED'])],
      },
      appRunnerEnv,
      stale,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/report version 1\.2\.3.*last answer: HTTP 200 .*"version":"1\.2\.2"/);
    expect(updates(result.calls).map((c) => c.ImageRepository.ImageIdentifier)).toEqual([NEW, OLD]);
    expect(result.outputs['result']).toBe('rolled-back');
  });

  it('rolls back when /api/health keeps failing (503)', async () => {
    const down: Health = (image) =>
      image === NEW ? { status: 503, body: { status: 'error', version: '1.2.3', db: 'down' } } : followsImage(image, 0);
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(NEW)],
        'apprunner update-service': [updated(OP1, NEW), updated(OP2, OLD)],
        'apprunner list-operations': [operations([OP1, 'SUCCEEDED']), operations([OP2, 'SUCCEEDED'], [OP1, 'SUCCEEDED'])],
      },
      appRunnerEnv,
      down,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('HTTP 503');
    expect(updates(result.calls).map((c) => c.ImageRepository.ImageIdentifier)).toEqual([NEW, OLD]);
  });

  it('gives up after DEPLOY_TIMEOUT_SECONDS, waits for the service to settle, then rolls back', async () => {
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(NEW, 'OPERATION_IN_PROGRESS'), service(NEW)],
        'apprunner update-service': [updated(OP1, NEW), updated(OP2, OLD)],
        // OP1 never finishes; OP2 (the rollback) is looked up by its id once it exists.
        'apprunner list-operations': [operations([OP2, 'SUCCEEDED'], [OP1, 'IN_PROGRESS'])],
      },
      { ...appRunnerEnv, DEPLOY_TIMEOUT_SECONDS: '0.5' },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`timed out after 0.5s waiting for App Runner operation ${OP1}`);
    expect(updates(result.calls).map((c) => c.ImageRepository.ImageIdentifier)).toEqual([NEW, OLD]);
    expect(result.outputs['result']).toBe('rolled-back');
  });

  it('fails loudly (exit 2) when the timed-out service never becomes idle for the rollback', async () => {
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(NEW, 'OPERATION_IN_PROGRESS')],
        'apprunner update-service': [updated(OP1, NEW)],
        'apprunner list-operations': [operations([OP1, 'IN_PROGRESS'])],
      },
      { ...appRunnerEnv, DEPLOY_TIMEOUT_SECONDS: '0.3' },
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ROLLBACK FAILED');
    expect(updates(result.calls)).toHaveLength(1);
    expect(result.outputs['result']).toBe('rollback-failed');
  });

  it('does not redeploy when App Runner already rolled the service back itself', async () => {
    const result = await run(
      {
        'apprunner describe-service': [service(OLD), service(OLD)],
        'apprunner update-service': [updated(OP1, NEW)],
        'apprunner list-operations': [operations([OP1, 'ROLLBACK_SUCCEEDED'])],
      },
      appRunnerEnv,
      () => ({ status: 200, body: { status: 'ok', version: '1.2.2', db: 'up' } }),
    );

    expect(result.code).toBe(1);
    expect(updates(result.calls)).toHaveLength(1);
    expect(result.stdout).toContain(`already points at ${OLD} again`);
  });

  it('only verifies when the service already runs the image (a re-run of the same release)', async () => {
    const result = await run({ 'apprunner describe-service': [service(NEW)] }, appRunnerEnv, () => followsImage(NEW, 0));

    expect(result.code).toBe(0);
    expect(commands(result.calls)).toEqual(['apprunner describe-service']);
  });

  it('changes nothing when the service cannot be read', async () => {
    const result = await run(
      {
        'apprunner describe-service': [
          { exit: 254, stderr: 'An error occurred (AccessDeniedException) when calling the DescribeService operation: denied' },
        ],
      },
      appRunnerEnv,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AccessDeniedException');
    expect(commands(result.calls)).toEqual(['apprunner describe-service']);
    expect(result.healthCalls).toBe(0);
  });

  it('refuses to start without its configuration', async () => {
    const result = await run({}, { ...appRunnerEnv, APP_RUNNER_SERVICE_ARN: '', IMAGE: NEW });

    expect(result.code).toBe(64);
    expect(result.stderr).toContain('APP_RUNNER_SERVICE_ARN is required');
    expect(result.calls).toEqual([]);
  });
});

/* ---------------------------------------------------------------------------------------- */
/* Amazon ECS                                                                               */

const ecsEnv = { DEPLOY_TARGET: 'ecs', ECS_CLUSTER: 'conduit', ECS_SERVICE: 'conduit-api' };
const TD_OLD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/conduit-api:7';
const TD_NEW = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/conduit-api:8';

function ecsService(taskDefinition: string, deployments: Array<[string, string, string]>) {
  return {
    json: {
      services: [
        {
          serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/conduit/conduit-api',
          serviceName: 'conduit-api',
          clusterArn: 'arn:aws:ecs:eu-west-1:123456789012:cluster/conduit',
          status: 'ACTIVE',
          desiredCount: 1,
          runningCount: 1,
          taskDefinition,
          deployments: deployments.map(([td, status, rolloutState], i) => ({
            id: `ecs-svc/${1000 + i}`,
            status,
            taskDefinition: td,
            rolloutState,
            rolloutStateReason: rolloutState === 'FAILED' ? 'ECS deployment circuit breaker: tasks failed to start.' : undefined,
          })),
        },
      ],
      failures: [],
    },
  };
}

const taskDefinition = {
  json: {
    taskDefinition: {
      taskDefinitionArn: TD_OLD,
      family: 'conduit-api',
      revision: 7,
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      executionRoleArn: 'arn:aws:iam::123456789012:role/conduit-ecs-execution',
      containerDefinitions: [{ name: 'api', image: OLD, portMappings: [{ containerPort: 3000 }], essential: true }],
      requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.ecr-auth' }],
      compatibilities: ['EC2', 'FARGATE'],
      requiresCompatibilities: ['FARGATE'],
      registeredAt: '2026-11-20T10:00:00+00:00',
      registeredBy: 'arn:aws:sts::123456789012:assumed-role/conduit-deploy/gh',
    },
  },
};

describe('deploy to ECS', () => {
  it('registers a task definition revision with the new image and waits for the rollout', async () => {
    const result = await run(
      {
        'ecs describe-services': [
          ecsService(TD_OLD, [[TD_OLD, 'PRIMARY', 'COMPLETED']]),
          ecsService(TD_NEW, [[TD_NEW, 'PRIMARY', 'IN_PROGRESS'], [TD_OLD, 'ACTIVE', 'COMPLETED']]),
          ecsService(TD_NEW, [[TD_NEW, 'PRIMARY', 'COMPLETED']]),
        ],
        'ecs describe-task-definition': [taskDefinition],
        'ecs register-task-definition': [{ json: { taskDefinition: { ...taskDefinition.json.taskDefinition, taskDefinitionArn: TD_NEW, revision: 8 } } }],
        'ecs update-service': [{ json: { service: {} } }],
      },
      ecsEnv,
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const registered = JSON.parse(flag(result.calls[2], '--cli-input-json') ?? '{}');
    expect(registered.containerDefinitions[0].image).toBe(NEW);
    for (const readOnly of ['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
      expect(registered).not.toHaveProperty(readOnly);
    }
    const update = result.calls.find((argv) => argv[1] === 'update-service') ?? [];
    expect(flag(update, '--task-definition')).toBe(TD_NEW);
    expect(result.outputs['result']).toBe('deployed');
  });

  it('goes back to the previous task definition when the rollout fails', async () => {
    const result = await run(
      {
        'ecs describe-services': [
          ecsService(TD_OLD, [[TD_OLD, 'PRIMARY', 'COMPLETED']]),
          ecsService(TD_NEW, [[TD_NEW, 'PRIMARY', 'FAILED'], [TD_OLD, 'ACTIVE', 'COMPLETED']]),
          ecsService(TD_OLD, [[TD_OLD, 'PRIMARY', 'COMPLETED']]),
        ],
        'ecs describe-task-definition': [taskDefinition],
        'ecs register-task-definition': [{ json: { taskDefinition: { taskDefinitionArn: TD_NEW } } }],
        'ecs update-service': [{ json: { service: {} } }],
      },
      ecsEnv,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('circuit breaker');
    const targets = result.calls.filter((argv) => argv[1] === 'update-service').map((argv) => flag(argv, '--task-definition'));
    expect(targets).toEqual([TD_NEW, TD_OLD]);
    expect(result.outputs['result']).toBe('rolled-back');
  });
});

/* ---------------------------------------------------------------------------------------- */
/* Amazon ECS Express Mode                                                                  */

const EXPRESS_ARN = 'arn:aws:ecs:eu-west-1:123456789012:service/conduit/conduit-api';
const CLUSTER_ARN = 'arn:aws:ecs:eu-west-1:123456789012:cluster/conduit';
const revision = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:service-revision/conduit/conduit-api/${id}`;
const deploymentArn = (id: string) => `arn:aws:ecs:eu-west-1:123456789012:service-deployment/conduit/conduit-api/${id}`;
const REV_OLD = revision('1001');
const REV_NEW = revision('1002');
const REV_BACK = revision('1003');
const DEP_NEW = deploymentArn('new');
const DEP_BACK = deploymentArn('back');
const expressEnv = { DEPLOY_TARGET: 'ecs-express', ECS_CLUSTER: 'conduit', ECS_SERVICE: 'conduit-api' };
/** describe-services gives the Express service's ARN from the cluster and service names the release knows. */
const expressServiceByName = { json: { services: [{ serviceArn: EXPRESS_ARN, serviceName: 'conduit-api', clusterArn: CLUSTER_ARN, status: 'ACTIVE' }], failures: [] } };

const primaryContainer = (image: string) => ({
  image,
  containerPort: 3000,
  environment: [{ name: 'NODE_ENV', value: 'production' }],
  secrets: [{ name: 'JWT_SECRET', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:conduit/jwt' }],
  awsLogsConfiguration: { logGroup: '/conduit/api', logStreamPrefix: 'api' },
});

/** describe-express-gateway-service with these active configurations (two while a canary runs). */
function expressService(...configurations: Array<[string, string]>) {
  return {
    json: {
      service: {
        serviceArn: EXPRESS_ARN,
        serviceName: 'conduit-api',
        cluster: CLUSTER_ARN,
        status: { statusCode: 'ACTIVE' },
        activeConfigurations: configurations.map(([serviceRevisionArn, image]) => ({
          serviceRevisionArn,
          primaryContainer: primaryContainer(image),
          healthCheckPath: '/api/health',
          cpu: '512',
          memory: '1024',
        })),
      },
    },
  };
}

const expressUpdated = (serviceRevisionArn: string, image: string) => ({
  json: {
    service: {
      serviceArn: EXPRESS_ARN,
      status: { statusCode: 'ACTIVE' },
      targetConfiguration: { serviceRevisionArn, primaryContainer: primaryContainer(image) },
    },
  },
});

const listed = (...deployments: Array<[string, string, string]>) => ({
  json: {
    serviceDeployments: deployments.map(([serviceDeploymentArn, targetServiceRevisionArn, status]) => ({
      serviceDeploymentArn,
      serviceArn: EXPRESS_ARN,
      clusterArn: CLUSTER_ARN,
      targetServiceRevisionArn,
      status,
    })),
  },
});

const described = (...deployments: Array<[string, string, string, string?]>) => ({
  json: {
    serviceDeployments: deployments.map(([serviceDeploymentArn, status, lifecycleStage, rollbackReason]) => ({
      serviceDeploymentArn,
      serviceArn: EXPRESS_ARN,
      status,
      lifecycleStage,
      ...(rollbackReason ? { rollback: { reason: rollbackReason, serviceRevisionArn: REV_OLD } } : {}),
    })),
  },
  failures: [],
});

const expressImages = (calls: string[][]) =>
  calls.filter((argv) => argv[1] === 'update-express-gateway-service').map((argv) => JSON.parse(flag(argv, '--primary-container') ?? '{}'));

describe('deploy to ECS Express Mode', () => {
  it('waits for a running deployment, updates the image only, follows the canary to SUCCESSFUL and checks the version', async () => {
    const result = await run(
      {
        'ecs describe-services': [expressServiceByName],
        // A previous deployment is still baking (two active configurations), then it is done.
        'ecs describe-express-gateway-service': [expressService([REV_OLD, OLD], [revision('1000'), `${REPO}:1.2.1`]), expressService([REV_OLD, OLD])],
        'ecs update-express-gateway-service': [expressUpdated(REV_NEW, NEW)],
        'ecs list-service-deployments': [listed(), listed([DEP_NEW, REV_NEW, 'IN_PROGRESS'])],
        'ecs describe-service-deployments': [
          described([DEP_NEW, 'IN_PROGRESS', 'TEST_TRAFFIC_SHIFT']),
          described([DEP_NEW, 'IN_PROGRESS', 'BAKE_TIME']),
          described([DEP_NEW, 'SUCCESSFUL', 'CLEAN_UP']),
        ],
      },
      expressEnv,
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(commands(result.calls).filter((c) => c !== 'ecs list-service-deployments' && c !== 'ecs describe-service-deployments')).toEqual([
      'ecs describe-services',
      'ecs describe-express-gateway-service',
      'ecs describe-express-gateway-service',
      'ecs update-express-gateway-service',
    ]);
    // The whole container goes back with only the image changed: port, environment, secrets and logs are kept.
    expect(expressImages(result.calls)).toEqual([primaryContainer(NEW)]);
    const update = result.calls.find((argv) => argv[1] === 'update-express-gateway-service') ?? [];
    expect(flag(update, '--service-arn')).toBe(EXPRESS_ARN);
    const list = result.calls.find((argv) => argv[1] === 'list-service-deployments') ?? [];
    expect([flag(list, '--service'), flag(list, '--cluster')]).toEqual([EXPRESS_ARN, 'conduit']);
    const byName = result.calls.find((argv) => argv[1] === 'describe-services') ?? [];
    expect([flag(byName, '--cluster'), flag(byName, '--services')]).toEqual(['conduit', 'conduit-api']);
    const describe = result.calls.find((argv) => argv[1] === 'describe-service-deployments') ?? [];
    expect(flag(describe, '--service-deployment-arns')).toBe(DEP_NEW);
    expect(result.stdout).toContain(`deployment ${DEP_NEW}: IN_PROGRESS (BAKE_TIME)`);
    expect(result.outputs).toEqual({ 'previous-image': OLD, 'deployed-image': NEW, result: 'deployed' });
    expect(result.summary).toContain('Deployed 1.2.3 to Amazon ECS Express');
  });

  it('reports a rollback by ECS itself as a failed release, without deploying again', async () => {
    const reason = 'Service deployment rolled back because the circuit breaker threshold was exceeded.';
    const result = await run(
      {
        'ecs describe-services': [expressServiceByName],
        'ecs describe-express-gateway-service': [expressService([REV_OLD, OLD])],
        'ecs update-express-gateway-service': [expressUpdated(REV_NEW, NEW)],
        'ecs list-service-deployments': [listed([DEP_NEW, REV_NEW, 'IN_PROGRESS'])],
        'ecs describe-service-deployments': [
          described([DEP_NEW, 'IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT']),
          described([DEP_NEW, 'ROLLBACK_IN_PROGRESS', 'PRODUCTION_TRAFFIC_SHIFT', reason]),
          described([DEP_NEW, 'ROLLBACK_SUCCESSFUL', 'CLEAN_UP', reason]),
        ],
      },
      expressEnv,
      () => ({ status: 200, body: { status: 'ok', version: '1.2.2', db: 'up' } }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`ECS rolled the deployment back: ${reason}`);
    expect(expressImages(result.calls).map((c) => c.image)).toEqual([NEW]);
    expect(result.stdout).toContain(`already points at ${OLD} again`);
    expect(result.outputs['result']).toBe('rolled-back');
    expect(result.summary).toContain(reason);
  });

  it('rolls back by itself when the deployment does not finish within DEPLOY_TIMEOUT_SECONDS', async () => {
    const result = await run(
      {
        'ecs describe-services': [expressServiceByName],
        'ecs describe-express-gateway-service': [expressService([REV_OLD, OLD])],
        'ecs update-express-gateway-service': [expressUpdated(REV_NEW, NEW), expressUpdated(REV_BACK, OLD)],
        // The new deployment never finishes; the rollback's is found by its revision once it exists.
        'ecs list-service-deployments': [listed([DEP_BACK, REV_BACK, 'SUCCESSFUL'], [DEP_NEW, REV_NEW, 'IN_PROGRESS'])],
        'ecs describe-service-deployments': [described([DEP_NEW, 'IN_PROGRESS', 'BAKE_TIME'], [DEP_BACK, 'SUCCESSFUL', 'CLEAN_UP'])],
      },
      { ...expressEnv, DEPLOY_TIMEOUT_SECONDS: '0.5' },
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`timed out after 0.5s waiting for the ECS Express deployment of ${REV_NEW}`);
    expect(expressImages(result.calls).map((c) => c.image)).toEqual([NEW, OLD]);
    expect(result.outputs).toEqual({ 'previous-image': OLD, 'deployed-image': OLD, result: 'rolled-back' });
  });
});

/* ---------------------------------------------------------------------------------------- */
/* AWS Lambda                                                                               */

const FUNCTION = 'conduit-api';
const lambdaEnv = () => ({ DEPLOY_TARGET: 'lambda', LAMBDA_FUNCTION_NAME: FUNCTION, LAMBDA_ZIP: join(dir, 'conduit-api-lambda-1.2.3.zip'), IMAGE: '' });
const configuration = (fields: Record<string, string>) => ({ json: { FunctionName: FUNCTION, ...fields } });
const healthPayload = (statusCode: number, version: string) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ status: statusCode === 200 ? 'ok' : 'error', version, db: statusCode === 200 ? 'up' : 'down' }),
  isBase64Encoded: false,
});
const invoked = (payload: unknown, functionError?: string) => ({
  json: { StatusCode: 200, ExecutedVersion: '12', ...(functionError ? { FunctionError: functionError } : {}) },
  outfile: payload,
});

/** Before the deploy: alias live → 11 (1.2.2); the upload settles, version 12 is published and becomes Active. */
function lambdaScenario(overrides: Scenario = {}): Scenario {
  return {
    'lambda get-alias': [{ json: { Name: 'live', FunctionVersion: '11' } }],
    'lambda get-function-configuration': [
      configuration({ Version: '11', Description: 'conduit-api 1.2.2', State: 'Active' }),
      configuration({ Version: '$LATEST', LastUpdateStatus: 'InProgress' }),
      configuration({ Version: '$LATEST', LastUpdateStatus: 'Successful' }),
      configuration({ Version: '12', State: 'Pending' }),
      configuration({ Version: '12', State: 'Active' }),
    ],
    'lambda update-function-code': [configuration({ Version: '$LATEST', CodeSha256: 'c2hhMjU2LW9mLXRoZS16aXA=', LastUpdateStatus: 'InProgress' })],
    'lambda publish-version': [configuration({ Version: '12', Description: 'conduit-api 1.2.3', State: 'Pending' })],
    // A cold start that is not ready yet, then the release answering.
    'lambda invoke': [invoked(healthPayload(503, '1.2.3')), invoked(healthPayload(200, '1.2.3'))],
    'lambda update-alias': [{ json: { Name: 'live', FunctionVersion: '12' } }],
    ...overrides,
  };
}

/** The function URL serves what the alias points at: 11 → 1.2.2, 12 → 1.2.3. */
const followsAlias: Health = () => {
  const moves = readCalls().filter((argv) => argv[1] === 'update-alias');
  const version = moves.length > 0 ? flag(moves[moves.length - 1], '--function-version') : '11';
  return { status: 200, body: { status: 'ok', version: version === '12' ? '1.2.3' : '1.2.2', db: 'up' } };
};
const aliasMoves = (calls: string[][]) => calls.filter((argv) => argv[1] === 'update-alias').map((argv) => flag(argv, '--function-version'));

describe('deploy to AWS Lambda', () => {
  beforeEach(() => writeFileSync(join(dir, 'conduit-api-lambda-1.2.3.zip'), 'zip bytes'));

  it('uploads the bundle, publishes a version, checks /api/health on it, then moves the alias', async () => {
    const result = await run(lambdaScenario(), lambdaEnv(), followsAlias);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(commands(result.calls)).toEqual([
      'lambda get-alias',
      'lambda get-function-configuration',
      'lambda update-function-code',
      'lambda get-function-configuration',
      'lambda get-function-configuration',
      'lambda publish-version',
      'lambda get-function-configuration',
      'lambda get-function-configuration',
      'lambda invoke',
      'lambda invoke',
      'lambda update-alias',
    ]);
    const [upload] = result.calls.filter((argv) => argv[1] === 'update-function-code');
    expect(flag(upload, '--zip-file')).toBe(`fileb://${join(dir, 'conduit-api-lambda-1.2.3.zip')}`);
    const [publish] = result.calls.filter((argv) => argv[1] === 'publish-version');
    expect([flag(publish, '--code-sha256'), flag(publish, '--description')]).toEqual(['c2hhMjU2LW9mLXRoZS16aXA=', 'conduit-api 1.2.3']);
    // The new version is checked before the alias moves: nobody reaches it yet.
    const invocations = result.calls.filter((argv) => argv[1] === 'invoke');
    expect(invocations.map((argv) => flag(argv, '--qualifier'))).toEqual(['12', '12']);
    expect(flag(invocations[0], '--payload')).toMatch(/^fileb:\/\/.*event\.json$/);
    expect(aliasMoves(result.calls)).toEqual(['12']);
    expect(result.outputs).toEqual({ 'previous-version': 'version 11', 'deployed-version': 'version 12', result: 'deployed' });
    // The function URL (SERVICE_URL) was checked after the move.
    expect(result.healthCalls).toBeGreaterThan(0);
  });

  it('never moves the alias when the new version does not answer healthy', async () => {
    const crash = invoked({ errorType: 'Error', errorMessage: 'DATABASE_URL: sqlite is not offered on Lambda' }, 'Unhandled');
    const result = await run(lambdaScenario({ 'lambda invoke': [crash] }), lambdaEnv(), followsAlias);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('function error (Unhandled)');
    expect(aliasMoves(result.calls)).toEqual([]);
    expect(result.stdout).toContain('already points at version 11 again');
    expect(result.outputs['result']).toBe('rolled-back');
  });

  it('moves the alias back when the function URL does not report the version after the move', async () => {
    const stale: Health = () => ({ status: 200, body: { status: 'ok', version: '1.2.2', db: 'up' } });
    const result = await run(lambdaScenario(), lambdaEnv(), stale);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/report version 1\.2\.3.*"version":"1\.2\.2"/);
    expect(aliasMoves(result.calls)).toEqual(['12', '11']);
    expect(result.outputs).toEqual({ 'previous-version': 'version 11', 'deployed-version': 'version 11', result: 'rolled-back' });
  });

  it('publishes nothing when the code update fails', async () => {
    const result = await run(
      lambdaScenario({
        'lambda get-function-configuration': [
          configuration({ Version: '11', Description: 'conduit-api 1.2.2', State: 'Active' }),
          configuration({ Version: '$LATEST', LastUpdateStatus: 'Failed', LastUpdateStatusReason: 'Unzipped size must be smaller than 262144000 bytes' }),
        ],
      }),
      lambdaEnv(),
      followsAlias,
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('code update failed: Unzipped size');
    expect(commands(result.calls)).not.toContain('lambda publish-version');
    expect(aliasMoves(result.calls)).toEqual([]);
  });

  it('only verifies when the alias already serves a version of this release (a re-run)', async () => {
    const result = await run(
      lambdaScenario({ 'lambda get-function-configuration': [configuration({ Version: '12', Description: 'conduit-api 1.2.3', State: 'Active' })] }),
      lambdaEnv(),
      () => ({ status: 200, body: { status: 'ok', version: '1.2.3', db: 'up' } }),
    );

    expect(result.code).toBe(0);
    expect(commands(result.calls)).toEqual(['lambda get-alias', 'lambda get-function-configuration']);
  });

  it('checks through the alias itself when there is no SERVICE_URL', async () => {
    const result = await run(
      lambdaScenario({ 'lambda invoke': [invoked(healthPayload(200, '1.2.3'))] }),
      { ...lambdaEnv(), SERVICE_URL: '' },
    );

    expect(result.code).toBe(0);
    expect(result.calls.filter((argv) => argv[1] === 'invoke').map((argv) => flag(argv, '--qualifier'))).toEqual(['12', 'live']);
    expect(result.healthCalls).toBe(0);
  });
});

describe('the health check event sent to a Lambda version', () => {
  it('is a Function URL GET /api/health in payload format 2.0', () => {
    const event = functionUrlGet('/api/health', new Date('2026-12-01T10:00:00Z')) as {
      version: string;
      rawPath: string;
      requestContext: { http: { method: string; path: string }; timeEpoch: number };
      isBase64Encoded: boolean;
    };
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/api/health');
    expect(event.requestContext.http).toEqual(expect.objectContaining({ method: 'GET', path: '/api/health' }));
    expect(event.requestContext.timeEpoch).toBe(Date.parse('2026-12-01T10:00:00Z'));
    expect(event.isBase64Encoded).toBe(false);
  });
});
