import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { LoginUserRequestDto, NewUserRequestDto, UpdateUserRequestDto, UserResponseDto } from '@conduit/contracts';
import { ApiValidationFailed, AuthAttemptRateLimited, RequireAuth, ViewerId } from '@conduit/server/platform';
import { UsersService } from './users.service';

@ApiTags('User and Authentication')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users/login')
  @HttpCode(HttpStatus.OK)
  @AuthAttemptRateLimited()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiValidationFailed()
  async login(@Body() request: LoginUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.login(request.user) };
  }

  @Post('users')
  @AuthAttemptRateLimited()
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiValidationFailed()
  async register(@Body() request: NewUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.register(request.user) };
  }

  @Get('user')
  @RequireAuth()
  @ApiOkResponse({ type: UserResponseDto })
  async current(@ViewerId() userId: number): Promise<UserResponseDto> {
    return { user: await this.users.current(userId) };
  }

  @Put('user')
  @RequireAuth()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiValidationFailed()
  async update(@ViewerId() userId: number, @Body() request: UpdateUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.update(userId, request.user) };
  }
}
