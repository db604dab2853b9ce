import { Injectable, type PipeTransform } from '@nestjs/common';
import { notFound } from '@conduit/server/platform';

/** PostgreSQL `integer` is 32-bit: a larger id cannot exist, and must not reach the driver. */
const MAX_ID = 2_147_483_647;

/**
 * The `:id` path parameter as a comment id, or `undefined` when it cannot name one
 * (`abc`, `1.5`, `-1`, `0`, `1e3`, 99999999999).
 */
export function parseCommentId(raw: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id <= MAX_ID ? id : undefined;
}

/** `:id` at the edge: an id no comment can have is a 404 `comment`, like an unknown one. */
@Injectable()
export class ParseCommentIdPipe implements PipeTransform<string, number> {
  transform(raw: string): number {
    const id = parseCommentId(raw);
    if (id === undefined) throw notFound('comment');
    return id;
  }
}
