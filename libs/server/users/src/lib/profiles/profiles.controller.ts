import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorBodyDto, ProfileResponseDto } from '@conduit/contracts';
import { ApiValidationFailed, OptionalAuth, RequireAuth, ViewerId } from '@conduit/server/platform';
import { ProfilesService } from './profiles.service';

@ApiTags('Profile')
@Controller('profiles/:username')
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'unknown username' })
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get()
  @OptionalAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  async get(@ViewerId() viewerId: number | undefined, @Param('username') username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.profile(viewerId, username) };
  }

  @Post('follow')
  @HttpCode(HttpStatus.OK)
  @RequireAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  @ApiValidationFailed('following yourself')
  async follow(@ViewerId() viewerId: number, @Param('username') username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.follow(viewerId, username) };
  }

  @Delete('follow')
  @RequireAuth()
  @ApiOkResponse({ type: ProfileResponseDto })
  async unfollow(@ViewerId() viewerId: number, @Param('username') username: string): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.unfollow(viewerId, username) };
  }
}
