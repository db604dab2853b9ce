import { ReleaseError } from '../errors.ts';
import { poll } from '../poll.ts';
import { verifyServiceUrl } from './http-health.ts';
import type { DeployTarget, TargetContext } from './target.ts';

/** `primaryContainer` of an Express service revision (image, port, environment, secrets, logs …). */
interface PrimaryContainer {
  image: string;
  [key: string]: unknown;
}

interface Configuration {
  serviceRevisionArn?: string;
  primaryContainer?: PrimaryContainer;
}

interface ExpressService {
  serviceArn: string;
  status?: { statusCode?: string; statusReason?: string };
  activeConfigurations?: Configuration[];
}

/** ListServiceDeployments' summary of a deployment. */
interface DeploymentBrief {
  serviceDeploymentArn: string;
  targetServiceRevisionArn?: string;
  status?: string;
}

/** DescribeServiceDeployments' view of one. */
interface Deployment {
  serviceDeploymentArn: string;
  status?: string;
  statusReason?: string;
  lifecycleStage?: string;
  rollback?: { reason?: string; serviceRevisionArn?: string };
}

const ROLLED_BACK = 'ROLLBACK_SUCCESSFUL';
/** Deployment states that are over; every other one (PENDING, IN_PROGRESS, ROLLBACK_…, STOP_REQUESTED) is still moving. */
const FINISHED = new Set(['SUCCESSFUL', 'STOPPED', ROLLED_BACK, 'ROLLBACK_FAILED']);

/**
 * Amazon ECS Express Mode: update-express-gateway-service with the new image makes a new
 * service revision, which ECS rolls out as a canary behind its own load balancer and rolls
 * back by itself when the new tasks fail their health checks. The deploy waits for that
 * deployment to finish; a rollback by ECS is a failed release.
 */
export function ecsExpress(context: TargetContext, { cluster, service, image }: { cluster: string; service: string; image: string }): DeployTarget {
  const { aws, log } = context;
  let serviceArn = '';
  let active: Configuration | undefined;
  /** The revision of this release and its deployment's last state, once found. */
  let releaseRevision: string | undefined;
  let release: Deployment | undefined;

  const describe = async (): Promise<ExpressService> => {
    const answer = await aws<{ service?: ExpressService }>(['ecs', 'describe-express-gateway-service', '--service-arn', serviceArn]);
    if (!answer.service) throw new ReleaseError('describe-express-gateway-service returned no service');
    return answer.service;
  };

  /** Starts a new revision running `containerImage`; returns that revision's ARN. */
  const update = async (containerImage: string): Promise<string> => {
    if (!active?.primaryContainer) throw new ReleaseError('the service has no primary container to update');
    // The whole container is sent again, so its port, environment, secrets and logs stay as they are.
    const primaryContainer: PrimaryContainer = { ...active.primaryContainer, image: containerImage };
    const answer = await aws<{ service?: { targetConfiguration?: Configuration } }>([
      'ecs',
      'update-express-gateway-service',
      '--service-arn',
      serviceArn,
      '--primary-container',
      JSON.stringify(primaryContainer),
    ]);
    const revision = answer.service?.targetConfiguration?.serviceRevisionArn;
    if (!revision) throw new ReleaseError('update-express-gateway-service returned no target service revision');
    log(`update-express-gateway-service → revision ${revision} (${containerImage})`);
    return revision;
  };

  /** Follows the deployment that rolls out `revision` until it is over. */
  const follow = (revision: string, onFound: (deployment: Deployment) => void): Promise<Deployment> =>
    poll(`the ECS Express deployment of ${revision}`, context.deployment, async () => {
      const listed = await aws<{ serviceDeployments?: DeploymentBrief[] }>([
        'ecs',
        'list-service-deployments',
        '--service',
        serviceArn,
        '--cluster',
        cluster,
      ]);
      const brief = (listed.serviceDeployments ?? []).find((d) => d.targetServiceRevisionArn === revision);
      if (!brief) return undefined; // not created yet
      const described = await aws<{ serviceDeployments?: Deployment[] }>([
        'ecs',
        'describe-service-deployments',
        '--service-deployment-arns',
        brief.serviceDeploymentArn,
      ]);
      const deployment = (described.serviceDeployments ?? []).find((d) => d.serviceDeploymentArn === brief.serviceDeploymentArn);
      if (!deployment) return undefined;
      onFound(deployment);
      log(`deployment ${deployment.serviceDeploymentArn}: ${deployment.status ?? '?'} (${deployment.lifecycleStage ?? '-'})`);
      return FINISHED.has(deployment.status ?? '') ? deployment : undefined;
    });

  const reasonOf = (deployment: Deployment): string => deployment.rollback?.reason ?? deployment.statusReason ?? 'no reason given';

  return {
    name: 'Amazon ECS Express',
    artifact: 'image',
    async current() {
      // The Express API takes the service's ARN; the release knows its cluster and name (as for ECS).
      const listed = await aws<{ services?: Array<{ serviceArn?: string }>; failures?: unknown[] }>([
        'ecs',
        'describe-services',
        '--cluster',
        cluster,
        '--services',
        service,
      ]);
      const arn = listed.services?.[0]?.serviceArn;
      if (!arn) throw new ReleaseError(`ECS service ${service} not found in ${cluster}: ${JSON.stringify(listed.failures ?? [])}`);
      serviceArn = arn;
      // One active configuration: no deployment is in flight (a canary has two).
      const described = await poll('the ECS Express service to be ACTIVE with no deployment in flight', context.deployment, async () => {
        const current = await describe();
        const code = current.status?.statusCode;
        if (code !== 'ACTIVE') {
          if (code === 'INACTIVE' || code === 'DRAINING') throw new ReleaseError(`service is ${code}: ${current.status?.statusReason ?? ''}`);
          return undefined;
        }
        return (current.activeConfigurations ?? []).length === 1 ? current : undefined;
      });
      active = (described.activeConfigurations ?? [])[0];
      const running = active?.primaryContainer?.image;
      if (!running) throw new ReleaseError('the service has no primary container image');
      return { description: running, isRelease: running === image };
    },
    async deploy() {
      releaseRevision = await update(image);
      const finished = await follow(releaseRevision, (deployment) => (release = deployment));
      if (finished.status === ROLLED_BACK) throw new ReleaseError(`ECS rolled the deployment back: ${reasonOf(finished)}`);
      if (finished.status !== 'SUCCESSFUL') throw new ReleaseError(`ECS deployment ${finished.status}: ${reasonOf(finished)}`);
    },
    deployed: () => image,
    verify: (expected) => verifyServiceUrl(context, expected),
    async rollback() {
      // ECS may be rolling back by itself already (we timed out meanwhile): let it finish.
      if (releaseRevision && release?.status?.startsWith('ROLLBACK_') && !FINISHED.has(release.status)) {
        await follow(releaseRevision, (deployment) => (release = deployment));
      }
      if (release?.status === ROLLED_BACK) return 'already-back';
      const previous = active?.primaryContainer?.image;
      if (!previous) throw new ReleaseError('no previous image to go back to');
      // A deployment that is still going (timed out) is superseded by the new revision.
      const finished = await follow(await update(previous), () => undefined);
      if (finished.status !== 'SUCCESSFUL') throw new ReleaseError(`the rollback deployment ended ${finished.status}: ${reasonOf(finished)}`);
      return 'rolled-back';
    },
  };
}
