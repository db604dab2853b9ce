import { ReleaseError } from '../errors.ts';
import { poll } from '../poll.ts';
import { verifyServiceUrl } from './http-health.ts';
import type { DeployTarget, TargetContext } from './target.ts';

interface SourceConfiguration {
  ImageRepository?: { ImageIdentifier: string; [key: string]: unknown };
  AutoDeploymentsEnabled?: boolean;
  [key: string]: unknown;
}

interface Service {
  Status: string;
  SourceConfiguration?: SourceConfiguration;
}

interface OperationSummary {
  Id: string;
  Status: string;
}

const OPERATION_FAILED = new Set(['FAILED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_FAILED', 'ROLLBACK_SUCCEEDED']);

/** AWS App Runner: update-service with the new image identifier, then follow the operation. */
export function appRunner(context: TargetContext, { serviceArn, image }: { serviceArn: string; image: string }): DeployTarget {
  const { aws, log } = context;
  let source: SourceConfiguration | undefined;
  let previous = '';

  const describe = async (): Promise<Service> => {
    const answer = await aws<{ Service?: Service }>(['apprunner', 'describe-service', '--service-arn', serviceArn]);
    if (!answer.Service) throw new ReleaseError('describe-service returned no Service');
    return answer.Service;
  };
  // App Runner refuses an update while an operation runs (a timed-out one may still be going).
  const waitIdle = (): Promise<Service> =>
    poll('the App Runner service to finish its current operation', context.deployment, async () => {
      const service = await describe();
      return service.Status === 'OPERATION_IN_PROGRESS' ? undefined : service;
    });
  const waitOperation = (operationId: string): Promise<string> =>
    poll(`App Runner operation ${operationId}`, context.deployment, async () => {
      const answer = await aws<{ OperationSummaryList?: OperationSummary[] }>([
        'apprunner',
        'list-operations',
        '--service-arn',
        serviceArn,
        '--max-results',
        '20',
      ]);
      const status = (answer.OperationSummaryList ?? []).find((o) => o.Id === operationId)?.Status ?? 'UNKNOWN';
      log(`operation ${operationId}: ${status}`);
      if (status === 'SUCCEEDED') return status;
      if (OPERATION_FAILED.has(status)) throw new ReleaseError(`App Runner operation ${operationId} ended ${status}`);
      return undefined;
    });
  const pointAt = async (identifier: string): Promise<void> => {
    if (!source?.ImageRepository) throw new ReleaseError('the service has no ImageRepository source');
    const next: SourceConfiguration = structuredClone(source);
    next.ImageRepository = { ...source.ImageRepository, ImageIdentifier: identifier };
    // The workflow decides what runs: an ECR push must not start a deployment on its own.
    next.AutoDeploymentsEnabled = false;
    const answer = await aws<{ OperationId?: string }>([
      'apprunner',
      'update-service',
      '--service-arn',
      serviceArn,
      '--source-configuration',
      JSON.stringify(next),
    ]);
    if (!answer.OperationId) throw new ReleaseError('update-service returned no OperationId');
    log(`update-service started operation ${answer.OperationId}`);
    await waitOperation(answer.OperationId);
  };

  return {
    name: 'App Runner',
    artifact: 'image',
    async current() {
      const service = await waitIdle();
      if (service.Status !== 'RUNNING') throw new ReleaseError(`service is ${service.Status}, not RUNNING`);
      source = service.SourceConfiguration;
      const running = source?.ImageRepository?.ImageIdentifier;
      if (!running) throw new ReleaseError('the service has no ImageRepository source (code-based services are not supported)');
      previous = running;
      return { description: running, isRelease: running === image };
    },
    deploy: () => pointAt(image),
    deployed: () => image,
    verify: (expected) => verifyServiceUrl(context, expected),
    async rollback() {
      // After a failed operation App Runner may already have gone back on its own.
      source = (await waitIdle()).SourceConfiguration;
      if (source?.ImageRepository?.ImageIdentifier === previous) return 'already-back';
      await pointAt(previous);
      return 'rolled-back';
    },
  };
}
