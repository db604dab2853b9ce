import { Injectable } from '@nestjs/common';
import type { CommentDto, NewCommentDto } from '@conduit/contracts';
import { Database } from '@conduit/server/data-access';
import { forbidden, notFound } from '@conduit/server/platform';
import { ArticlesRepository } from '../articles/articles.repository';
import { viewerWrite } from '../shared/viewer-write';
import { CommentsRepository } from './comments.repository';

/**
 * Comments on an article: anyone reads them, signed-in users add them, authors delete their
 * own. The rules are here; the statements are in `CommentsRepository`.
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticlesRepository,
    private readonly comments: CommentsRepository,
  ) {}

  async create(viewerId: number, slug: string, input: NewCommentDto): Promise<CommentDto> {
    const id = await viewerWrite(this.db, async (manager) => {
      const article = await this.articles.forChange(manager, slug);
      if (!article) throw notFound('article');
      return this.comments.insert(manager, { articleId: article.id, authorId: viewerId, body: input.body });
    });
    const comment = await this.comments.view(id);
    // Written a moment ago; gone only if the article was deleted meanwhile.
    if (!comment) throw notFound('article');
    return comment;
  }

  /** Oldest first. */
  async list(viewerId: number | undefined, slug: string): Promise<CommentDto[]> {
    const comments = await this.comments.list(viewerId, slug);
    if (!comments) throw notFound('article');
    return comments;
  }

  /** The comment's author only (403). Unknown slug, unknown id, or a comment of another article: 404. */
  async delete(viewerId: number, slug: string, id: number): Promise<void> {
    await this.db.write(async (manager) => {
      const article = await this.articles.forChange(manager, slug);
      if (!article) throw notFound('article');
      const comment = await this.comments.find(manager, article.id, id);
      if (!comment) throw notFound('comment');
      if (comment.authorId !== viewerId) throw forbidden('comment');
      await this.comments.delete(manager, comment.id);
    });
  }
}
