import { Controller, Delete, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ArticleResponseDto, ErrorBodyDto } from '@conduit/contracts';
import { RequireAuth, Viewer } from '@conduit/server/platform';
import { ParseSlugPipe } from '../articles/slug.pipe';
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
  async favorite(@Viewer() viewerId: number, @Param('slug', ParseSlugPipe) slug: string): Promise<ArticleResponseDto> {
    return { article: await this.favorites.favorite(viewerId, slug) };
  }

  @Delete()
  @ApiOkResponse({ type: ArticleResponseDto, description: 'idempotent' })
  async unfavorite(@Viewer() viewerId: number, @Param('slug', ParseSlugPipe) slug: string): Promise<ArticleResponseDto> {
    return { article: await this.favorites.unfavorite(viewerId, slug) };
  }
}
