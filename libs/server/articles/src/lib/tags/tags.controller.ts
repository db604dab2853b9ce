import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { TagListResponseDto } from '@conduit/contracts';
import { TagsService } from './tags.service';

@ApiTags('Tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly tags: TagsService) {}

  @Get()
  @ApiOkResponse({ type: TagListResponseDto, description: 'distinct tags in use, sorted' })
  list(): Promise<TagListResponseDto> {
    return this.tags.inUse();
  }
}
