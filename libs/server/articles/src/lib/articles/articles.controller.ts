import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArticleListQueryDto,
  ArticleListResponseDto,
  ArticleResponseDto,
  ErrorBodyDto,
  NewArticleRequestDto,
  PageQueryDto,
  UpdateArticleRequestDto,
} from '@conduit/contracts';
import { ApiValidationFailed, OptionalAuth, RequireAuth, Viewer, OptionalViewer } from '@conduit/server/platform';
import { ArticlesService } from './articles.service';
import { ParseSlugPipe } from './slug.pipe';

@ApiTags('Articles')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ArticleListResponseDto, description: 'newest first; list items have no `body`' })
  @ApiValidationFailed()
  list(@OptionalViewer() viewerId: number | undefined, @Query() query: ArticleListQueryDto): Promise<ArticleListResponseDto> {
    return this.articles.list(viewerId, query);
  }

  // Declared before `:slug` (Fastify would prefer the static route anyway).
  @Get('feed')
  @RequireAuth()
  @ApiOkResponse({ type: ArticleListResponseDto, description: 'articles by followed authors, newest first' })
  @ApiValidationFailed()
  feed(@Viewer() viewerId: number, @Query() page: PageQueryDto): Promise<ArticleListResponseDto> {
    return this.articles.feed(viewerId, page);
  }

  @Get(':slug')
  @OptionalAuth()
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  get(@OptionalViewer() viewerId: number | undefined, @Param('slug', ParseSlugPipe) slug: string): Promise<ArticleResponseDto> {
    return this.articles.bySlug(viewerId, slug);
  }

  @Post()
  @RequireAuth()
  @ApiCreatedResponse({ type: ArticleResponseDto })
  @ApiValidationFailed()
  async create(@Viewer() viewerId: number, @Body() request: NewArticleRequestDto): Promise<ArticleResponseDto> {
    return { article: await this.articles.create(viewerId, request.article) };
  }

  @Put(':slug')
  @RequireAuth()
  @ApiOkResponse({ type: ArticleResponseDto, description: 'a changed title gives a new slug' })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  @ApiValidationFailed()
  async update(
    @Viewer() viewerId: number,
    @Param('slug', ParseSlugPipe) slug: string,
    @Body() request: UpdateArticleRequestDto,
  ): Promise<ArticleResponseDto> {
    return { article: await this.articles.update(viewerId, slug, request.article) };
  }

  @Delete(':slug')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireAuth()
  @ApiNoContentResponse({ description: 'deleted, with its comments, favorites and tags' })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  async delete(@Viewer() viewerId: number, @Param('slug', ParseSlugPipe) slug: string): Promise<void> {
    await this.articles.delete(viewerId, slug);
  }
}
