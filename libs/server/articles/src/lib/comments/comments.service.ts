import { Injectable } from '@nestjs/common';
import type { CommentDto, NewCommentDto } from '@conduit/contracts';
import { CommentEntity, Database, UserEntity } from '@conduit/server/data-access';
import { forbidden, notFound, tokenInvalid } from '@conduit/server/platform';
import { ProfilesService, toProfileDto } from '@conduit/server/users';
import { ArticlesService } from '../articles/articles.service';
import { toCommentDto } from './comment-view';

/** Comments on an article: anyone reads them, signed-in users add them, authors delete their own. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly db: Database,
    private readonly articles: ArticlesService,
    private readonly profiles: ProfilesService,
  ) {}

  async create(viewerId: number, slug: string, input: NewCommentDto): Promise<CommentDto> {
    const { comment, author } = await this.db.write(async (manager) => {
      const article = await this.articles.requireBySlug(slug, manager);
      const author = await manager.findOne(UserEntity, {
        select: { id: true, username: true, bio: true, image: true },
        where: { id: viewerId },
      });
      if (!author) throw tokenInvalid();
      const now = new Date();
      const inserted = await manager.insert(CommentEntity, {
        body: input.body,
        articleId: article.id,
        authorId: viewerId,
        createdAt: now,
        updatedAt: now,
      });
      const id = Number(inserted.identifiers[0]['id']);
      return { comment: { id, body: input.body, createdAt: now, updatedAt: now }, author };
    });
    // Nobody follows themselves (the users feature forbids it).
    return toCommentDto(comment, toProfileDto(author, false));
  }

  /** Oldest first. Three queries: the article, its comments with authors, the viewer's follows. */
  async list(viewerId: number | undefined, slug: string): Promise<CommentDto[]> {
    const article = await this.articles.requireBySlug(slug);
    const comments = (await this.db.reader
      .createQueryBuilder(CommentEntity, 'comment')
      .innerJoin('comment.author', 'author')
      .select(['comment.id', 'comment.body', 'comment.authorId', 'comment.createdAt', 'comment.updatedAt'])
      .addSelect(['author.id', 'author.username', 'author.bio', 'author.image'])
      .where('comment.articleId = :articleId', { articleId: article.id })
      .orderBy('comment.createdAt', 'ASC')
      .addOrderBy('comment.id', 'ASC')
      .getMany()) as Array<CommentEntity & { author: UserEntity }>;
    const following = await this.profiles.followedAmong(viewerId, [...new Set(comments.map((comment) => comment.authorId))]);
    return comments.map((comment) => toCommentDto(comment, toProfileDto(comment.author, following.has(comment.authorId))));
  }

  /** The comment's author only (403). Unknown slug, unknown id, or a comment of another article: 404. */
  async delete(viewerId: number, slug: string, id: number): Promise<void> {
    await this.db.write(async (manager) => {
      const article = await this.articles.requireBySlug(slug, manager);
      const comment = await manager.findOne(CommentEntity, {
        select: { id: true, authorId: true },
        where: { id, articleId: article.id },
      });
      if (!comment) throw notFound('comment');
      if (comment.authorId !== viewerId) throw forbidden('comment');
      await manager.delete(CommentEntity, { id: comment.id });
    });
  }
}
