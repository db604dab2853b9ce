import { ApiProperty } from '@nestjs/swagger';

export class UserDto {
  @ApiProperty() email!: string;
  @ApiProperty({ description: 'JWT for the Authorization header: `Token <jwt>`' }) token!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: String, nullable: true }) image!: string | null;
}

export class UserResponseDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}
