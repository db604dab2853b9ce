import { ArticleTagEntity } from './article-tag.entity';
import { ArticleEntity } from './article.entity';
import { CommentEntity } from './comment.entity';
import { FavoriteEntity } from './favorite.entity';
import { FollowEntity } from './follow.entity';
import { UserEntity } from './user.entity';

export { ArticleEntity, ArticleTagEntity, CommentEntity, FavoriteEntity, FollowEntity, UserEntity };

export const ALL_ENTITIES = [UserEntity, FollowEntity, ArticleEntity, ArticleTagEntity, FavoriteEntity, CommentEntity];
