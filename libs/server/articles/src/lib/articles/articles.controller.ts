import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
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
import { OptionalAuth, RequireAuth, ViewerId } from '@conduit/server/platform';
import { ArticlesService } from './articles.service';

@ApiTags('Articles')
@Controller('articles')
@ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description: 'validation failed' })
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ArticleListResponseDto, description: 'newest first; list items have no `body`' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'a token was sent but is invalid' })
  list(@ViewerId() viewerId: number | undefined, @Query() query: ArticleListQueryDto): Promise<ArticleListResponseDto> {
    return this.articles.list(viewerId, query);
  }

  // Declared before `:slug` (Fastify would prefer the static route anyway).
  @Get('feed')
  @RequireAuth()
  @ApiOkResponse({ type: ArticleListResponseDto, description: 'articles by followed authors, newest first' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  feed(@ViewerId() viewerId: number, @Query() page: PageQueryDto): Promise<ArticleListResponseDto> {
    return this.articles.feed(viewerId, page);
  }

  @Get(':slug')
  @OptionalAuth()
  @ApiOkResponse({ type: ArticleResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'a token was sent but is invalid' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  async get(@ViewerId() viewerId: number | undefined, @Param('slug') slug: string): Promise<ArticleResponseDto> {
    return { article: await this.articles.get(viewerId, slug) };
  }

  @Post()
  @RequireAuth()
  @ApiCreatedResponse({ type: ArticleResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  async create(@ViewerId() viewerId: number, @Body() request: NewArticleRequestDto): Promise<ArticleResponseDto> {
    return { article: await this.articles.create(viewerId, request.article) };
  }

  @Put(':slug')
  @RequireAuth()
  @ApiOkResponse({ type: ArticleResponseDto, description: 'a changed title gives a new slug' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  async update(
    @ViewerId() viewerId: number,
    @Param('slug') slug: string,
    @Body() request: UpdateArticleRequestDto,
  ): Promise<ArticleResponseDto> {
    return { article: await this.articles.update(viewerId, slug, request.article) };
  }

  @Delete(':slug')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireAuth()
  @ApiNoContentResponse({ description: 'deleted, with its comments, favorites and tags' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
  async delete(@ViewerId() viewerId: number, @Param('slug') slug: string): Promise<void> {
    await this.articles.delete(viewerId, slug);
  }
}
