import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ErrorMessages } from '@conduit/contracts';
import { notFound, unprocessable, type MissingThing } from './http-errors';

/** What each path parameter names, for its 404. */
const NAMED_BY_PARAMETER: Partial<Record<string, MissingThing>> = { slug: 'article', username: 'profile', id: 'comment' };

/**
 * The first path (`['user', 'email']`, `['article', 'tagList']`) whose string holds a NUL
 * character, if any. Walked with a stack of its own, not recursion: the JSON parser caps a
 * body's depth, and this walk must not be the one thing a hostile body can overflow.
 */
function pathWithNul(value: unknown): string[] | undefined {
  const pending: Array<[unknown, string[]]> = [[value, []]];
  while (pending.length > 0) {
    const [node, path] = pending.pop() as [unknown, string[]];
    if (typeof node === 'string') {
      if (node.includes('\u0000')) return path;
    } else if (node !== null && typeof node === 'object') {
      const entries = Object.entries(node);
      // Pushed last to first, so the first key is looked at first.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        pending.push([child, Array.isArray(node) ? path : [...path, key]]);
      }
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store or even compare text with a NUL byte (it fails the query), and
 * no legitimate Conduit value contains one. Rejecting it at the edge keeps both engines
 * answering the same 4xx instead of a database error: a body or query field → 422 on that
 * field; a path parameter names nothing → 404. Only what the client sends is walked.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // A custom decorator's value is the server's own, not the client's: `@Viewer()`'s id, the
    // token the guard verified (base64url, no NUL), the account as stored (written through
    // this pipe). Walking the account was ~1 % of every `GET /user`.
    if (metadata.type === 'custom') return value;
    const path = pathWithNul(value);
    if (!path) return value;
    if (metadata.type === 'param') throw notFound(NAMED_BY_PARAMETER[metadata.data ?? ''] ?? 'route');
    // Drop the request root, as the validation errors do (`user.email` → `email`).
    const field = path.length > 1 ? path.slice(1).join('.') : (path[0] ?? metadata.data ?? 'body');
    throw unprocessable({ [field]: [ErrorMessages.nulCharacter] });
  }
}
