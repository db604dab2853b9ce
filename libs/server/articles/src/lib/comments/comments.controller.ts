import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CommentListResponseDto, CommentResponseDto, ErrorBodyDto, NewCommentRequestDto } from '@conduit/contracts';
import { ApiValidationFailed, OptionalAuth, RequireAuth, ViewerId } from '@conduit/server/platform';
import { CommentsService } from './comments.service';

@ApiTags('Comments')
@Controller('articles/:slug/comments')
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug' })
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** 200, not 201: the public spec's code for this endpoint. */
  @Post()
  @HttpCode(HttpStatus.OK)
  @RequireAuth()
  @ApiOkResponse({ type: CommentResponseDto })
  @ApiValidationFailed()
  async create(
    @ViewerId() viewerId: number,
    @Param('slug') slug: string,
    @Body() request: NewCommentRequestDto,
  ): Promise<CommentResponseDto> {
    return { comment: await this.comments.create(viewerId, slug, request.comment) };
  }

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: CommentListResponseDto, description: 'oldest first' })
  async list(@ViewerId() viewerId: number | undefined, @Param('slug') slug: string): Promise<CommentListResponseDto> {
    return { comments: await this.comments.list(viewerId, slug) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireAuth()
  @ApiParam({ name: 'id', type: 'integer', description: 'a value that is not a positive integer is answered 404' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'not the comment author' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown slug or comment id, or a comment of another article' })
  async delete(@ViewerId() viewerId: number, @Param('slug') slug: string, @Param('id') id: string): Promise<void> {
    await this.comments.delete(viewerId, slug, id);
  }
}
