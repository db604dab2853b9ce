import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto, LoginUserRequestDto, NewUserRequestDto, UpdateUserRequestDto, UserResponseDto } from '@conduit/contracts';
import { ApiValidationFailed, AuthAttemptRateLimited, RequireAuth, Viewer, ViewerCredentials, ViewerToken } from '@conduit/server/platform';
import type { Account } from './users.repository';
import { UsersService } from './users.service';

@ApiTags('User and Authentication')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users/login')
  @HttpCode(HttpStatus.OK)
  @AuthAttemptRateLimited()
  @ApiOkResponse({ type: UserResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'wrong email or password: `{"errors":{"credentials":["invalid"]}}`' })
  @ApiValidationFailed()
  async login(@Body() request: LoginUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.login(request.user) };
  }

  @Post('users')
  @AuthAttemptRateLimited()
  @ApiCreatedResponse({ type: UserResponseDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'email and/or username already taken' })
  @ApiValidationFailed()
  async register(@Body() request: NewUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.register(request.user) };
  }

  @Get('user')
  @RequireAuth()
  @ApiOkResponse({ type: UserResponseDto, description: 'with the token it was called with' })
  // The guard's lookup is UserCredentialsLookup: the credentials it read are the whole account.
  current(@ViewerCredentials() account: Account, @ViewerToken() token: string): UserResponseDto {
    return { user: this.users.current(account, token) };
  }

  @Put('user')
  @RequireAuth()
  @ApiOkResponse({ type: UserResponseDto, description: 'a new email or password revokes earlier tokens: use the token in this response' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'email and/or username already taken by someone else' })
  @ApiValidationFailed()
  async update(@Viewer() userId: number, @Body() request: UpdateUserRequestDto): Promise<UserResponseDto> {
    return { user: await this.users.update(userId, request.user) };
  }
}
