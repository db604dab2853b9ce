import type { CommentDto, ProfileDto } from '@conduit/contracts';
import type { CommentEntity } from '@conduit/server/data-access';

export type CommentRow = Pick<CommentEntity, 'id' | 'body' | 'createdAt' | 'updatedAt'>;

/** The contract's Comment, with the contract's key order. */
export function toCommentDto(comment: CommentRow, author: ProfileDto): CommentDto {
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author,
  };
}

/** PostgreSQL `integer` is 32-bit: a larger id cannot exist, and must not reach the driver. */
const MAX_ID = 2_147_483_647;

/**
 * The `:id` path parameter as a comment id, or `undefined` when it cannot name one
 * (`abc`, `1.5`, `-1`, `0`, `1e3`, 99999999999). Such ids are answered 404, like any
 * unknown comment id: no comment has them.
 */
export function parseCommentId(raw: string): number | undefined {
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id <= MAX_ID ? id : undefined;
}
