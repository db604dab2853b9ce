import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommentListResponseDto, CommentResponseDto, ErrorBodyDto, NewCommentRequestDto } from '@conduit/contracts';
import { ApiValidationFailed, OptionalAuth, RequireAuth, Viewer, OptionalViewer } from '@conduit/server/platform';
import { ParseSlugPipe } from '../articles/slug.pipe';
import { ParseCommentIdPipe } from './comment-id.pipe';
import { CommentsService } from './comments.service';

@ApiTags('Comments')
@Controller('articles/:slug/comments')
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** 201 since spec 2.0.0 (1.1.0 said 200). */
  @Post()
  @RequireAuth()
  @ApiCreatedResponse({ type: CommentResponseDto })
  @ApiValidationFailed()
  async create(
    @Viewer() viewerId: number,
    @Param('slug', ParseSlugPipe) slug: string,
    @Body() request: NewCommentRequestDto,
  ): Promise<CommentResponseDto> {
    return { comment: await this.comments.create(viewerId, slug, request.comment) };
  }

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: CommentListResponseDto, description: 'oldest first' })
  async list(@OptionalViewer() viewerId: number | undefined, @Param('slug', ParseSlugPipe) slug: string): Promise<CommentListResponseDto> {
    return { comments: await this.comments.list(viewerId, slug) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireAuth()
  @ApiParam({ name: 'id', type: 'integer', description: 'a value that is not a positive integer is answered 404' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the comment author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug or comment id, or a comment of another article' })
  async delete(@Viewer() viewerId: number, @Param('slug', ParseSlugPipe) slug: string, @Param('id', ParseCommentIdPipe) id: number): Promise<void> {
    await this.comments.delete(viewerId, slug, id);
  }
}
