import { ApiProperty } from '@nestjs/swagger';

export class ProfileDto {
  @ApiProperty() username!: string;
  @ApiProperty({ type: String, nullable: true }) bio!: string | null;
  @ApiProperty({ type: String, nullable: true }) image!: string | null;
  @ApiProperty() following!: boolean;
}

export class ProfileResponseDto {
  @ApiProperty({ type: ProfileDto }) profile!: ProfileDto;
}
