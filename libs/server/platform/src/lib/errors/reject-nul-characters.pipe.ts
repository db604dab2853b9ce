import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ErrorMessages } from '@conduit/contracts';
import { notFound, unprocessable, type MissingThing } from './http-errors';

/** What each path parameter names, for its 404. */
const NAMED_BY_PARAMETER: Partial<Record<string, MissingThing>> = { slug: 'article', username: 'profile', id: 'comment' };

/** The first path (`user.email`, `tagList`) whose string holds a NUL character, if any. */
function pathWithNul(value: unknown, path: string[] = []): string[] | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = pathWithNul(child, Array.isArray(value) ? path : [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/**
 * PostgreSQL cannot store or even compare text with a NUL byte (it fails the query), and
 * no legitimate Conduit value contains one. Rejecting it at the edge keeps both engines
 * answering the same 4xx instead of a database error: a body or query field → 422 on that
 * field; a path parameter names nothing → 404.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const path = pathWithNul(value);
    if (!path) return value;
    if (metadata.type === 'param') throw notFound(NAMED_BY_PARAMETER[metadata.data ?? ''] ?? 'route');
    // Drop the request root, as the validation errors do (`user.email` → `email`).
    const field = path.length > 1 ? path.slice(1).join('.') : (path[0] ?? metadata.data ?? 'body');
    throw unprocessable({ [field]: [ErrorMessages.nulCharacter] });
  }
}
