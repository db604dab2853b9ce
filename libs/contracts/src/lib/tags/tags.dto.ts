import { ApiProperty } from '@nestjs/swagger';

export class TagListResponseDto {
  @ApiProperty({ type: [String] }) tags!: string[];
}
