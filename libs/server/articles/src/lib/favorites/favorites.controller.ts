import { Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArticleResponseDto, ErrorBodyDto } from '@conduit/contracts';
import { RequireAuth, ViewerId } from '@conduit/server/platform';
import { FavoritesService } from './favorites.service';

@ApiTags('Favorites')
@Controller('articles/:slug/favorite')
@RequireAuth()
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
export class FavoritesController {
  constructor(private readonly favorites: FavoritesService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ArticleResponseDto, description: 'idempotent' })
  async favorite(@ViewerId() viewerId: number, @Param('slug') slug: string): Promise<ArticleResponseDto> {
    return { article: await this.favorites.favorite(viewerId, slug) };
  }

  @Delete()
  @ApiOkResponse({ type: ArticleResponseDto, description: 'idempotent' })
  async unfavorite(@ViewerId() viewerId: number, @Param('slug') slug: string): Promise<ArticleResponseDto> {
    return { article: await this.favorites.unfavorite(viewerId, slug) };
  }
}
