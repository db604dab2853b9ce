import { Module } from '@nestjs/common';
import { UsersModule } from '@conduit/server/users';
import { ArticleListQuery } from './articles/article-list.query';
import { ArticlesController } from './articles/articles.controller';
import { ArticlesService } from './articles/articles.service';
import { CommentsController } from './comments/comments.controller';
import { CommentsService } from './comments/comments.service';
import { FavoritesController } from './favorites/favorites.controller';
import { FavoritesService } from './favorites/favorites.service';
import { TagsController } from './tags/tags.controller';
import { TagsService } from './tags/tags.service';

/**
 * Articles, comments, favorites and tags. Authors' profiles come from `ProfilesService`,
 * which `UsersModule` exports; the `Database` is global (`DatabaseModule`).
 */
@Module({
  imports: [UsersModule],
  controllers: [ArticlesController, CommentsController, FavoritesController, TagsController],
  providers: [ArticleListQuery, ArticlesService, CommentsService, FavoritesService, TagsService],
})
export class ArticlesModule {}
