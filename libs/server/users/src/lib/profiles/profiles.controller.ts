import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorBodyDto, ProfileResponseDto } from '@conduit/contracts';
import { ApiValidationFailed, OptionalAuth, RequireAuth, Viewer, OptionalViewer } from '@conduit/server/platform';
import { ProfilesService } from './profiles.service';
import { ParseUsernamePipe } from './username.pipe';

@ApiTags('Profile')
@Controller('profiles/:username')
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown username' })
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  async get(@OptionalViewer() viewerId: number | undefined, @Param('username', ParseUsernamePipe) username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.profile(viewerId, username) };
  }

  @Post('follow')
  @HttpCode(HttpStatus.OK)
  @RequireAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiValidationFailed('following yourself')
  async follow(@Viewer() viewerId: number, @Param('username', ParseUsernamePipe) username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.follow(viewerId, username) };
  }

  @Delete('follow')
  @RequireAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  async unfollow(@Viewer() viewerId: number, @Param('username', ParseUsernamePipe) username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.unfollow(viewerId, username) };
  }
}
