import { Injectable } from '@nestjs/common';
import type { CommentDto } from '@conduit/contracts';
import { CommentEntity, Reads, type RecordRow } from '@conduit/server/data-access';
import { profileColumns, profileFromRow } from '@conduit/server/users';
import type { EntityManager } from 'typeorm';

const AUTHOR = 'author_';

/**
 * The comments' statements. A list is one statement: the article (so that an unknown slug is
 * told apart from an article without comments) left-joined to its comments and their authors.
 */
@Injectable()
export class CommentsRepository {
  private readonly listAnonymous: string;
  private readonly listForViewer: string;
  private readonly oneById: string;

  constructor(private readonly reads: Reads) {
    const { dialect } = reads;
    const columns = (viewer: string | undefined) =>
      dialect.selectRecord([
        ['id', 'c.id'],
        ['body', 'c.body'],
        ['created_at', dialect.isoTimestamp('c.created_at')],
        ['updated_at', dialect.isoTimestamp('c.updated_at')],
        ...profileColumns('u', AUTHOR, viewer),
      ]);
    const list = (viewer: string | undefined, slug: string) =>
      `SELECT ${columns(viewer)} FROM articles a LEFT JOIN comments c ON c.article_id = a.id LEFT JOIN users u ON u.id = c.author_id ` +
      `WHERE a.slug = ${slug} ORDER BY c.created_at ASC, c.id ASC`;
    this.listAnonymous = list(undefined, '$1');
    this.listForViewer = list('$1', '$2');
    this.oneById = `SELECT ${columns(undefined)} FROM comments c JOIN users u ON u.id = c.author_id WHERE c.id = $1`;
  }

  /** The comments of the article `slug` names, oldest first; undefined when there is no such article. */
  async list(viewerId: number | undefined, slug: string): Promise<CommentDto[] | undefined> {
    const rows =
      viewerId === undefined
        ? await this.reads.records(this.listAnonymous, [slug])
        : await this.reads.records(this.listForViewer, [viewerId, slug]);
    if (rows.length === 0) return undefined;
    return rows.filter((row) => row['id'] !== null).map(commentFromRow);
  }

  /** A comment as its author sees it just after writing it (nobody follows themselves). */
  async view(id: number): Promise<CommentDto | undefined> {
    const row = await this.reads.firstRecord(this.oneById, [id]);
    return row && commentFromRow(row);
  }

  async insert(manager: EntityManager, comment: { articleId: number; authorId: number; body: string }): Promise<number> {
    const now = new Date();
    const inserted = await manager.insert(CommentEntity, { ...comment, createdAt: now, updatedAt: now });
    return Number(inserted.identifiers[0]['id']);
  }

  /** Inside a write: a comment of that article (a comment of another one is not found). */
  find(manager: EntityManager, articleId: number, id: number): Promise<{ id: number; authorId: number } | null> {
    return manager.findOne(CommentEntity, { select: { id: true, authorId: true }, where: { id, articleId } });
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(CommentEntity, { id });
  }
}

/** The contract's Comment, keys in the contract's order. */
function commentFromRow(row: RecordRow): CommentDto {
  return {
    id: Number(row['id']),
    createdAt: row['created_at'] as string,
    updatedAt: row['updated_at'] as string,
    body: row['body'] as string,
    author: profileFromRow(row, AUTHOR),
  };
}
