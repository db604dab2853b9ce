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
