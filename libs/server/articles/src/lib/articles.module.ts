import { Module } from '@nestjs/common';
import { ArticlesController } from './articles/articles.controller';
import { ArticlesRepository } from './articles/articles.repository';
import { ArticlesService } from './articles/articles.service';
import { CommentsController } from './comments/comments.controller';
import { CommentsRepository } from './comments/comments.repository';
import { CommentsService } from './comments/comments.service';
import { FavoritesController } from './favorites/favorites.controller';
import { FavoritesRepository } from './favorites/favorites.repository';
import { FavoritesService } from './favorites/favorites.service';
import { TagsController } from './tags/tags.controller';
import { TagsRepository } from './tags/tags.repository';
import { TagsService } from './tags/tags.service';

/**
 * Articles, comments, favorites and tags: a controller, a service (the rules) and a
 * repository (the statements) each. Authors are shown with the users feature's profile SQL;
 * `Database` and `Reads` are global (`DatabaseModule`).
 */
@Module({
  controllers: [ArticlesController, CommentsController, FavoritesController, TagsController],
  providers: [
    ArticlesService,
    ArticlesRepository,
    CommentsService,
    CommentsRepository,
    FavoritesService,
    FavoritesRepository,
    TagsService,
    TagsRepository,
  ],
})
export class ArticlesModule {}
