import { ReleaseError } from '../errors.ts';
import { verifyHealth, type Health } from '../health.ts';
import type { TargetContext } from './target.ts';

/** The container targets are verified over their public URL, as users reach them. */
export function verifyServiceUrl(context: TargetContext, expected: string | undefined): Promise<Health> {
  if (!context.serviceUrl) throw new ReleaseError('SERVICE_URL is required for this target');
  return verifyHealth(context.serviceUrl, expected, context.health);
}
