import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FieldRules } from '../field-rules';

/** `limit`/`offset` for every list (API.md: limit 1–100, default 20; offset ≥ 0). */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: FieldRules.limit.min, maximum: FieldRules.limit.max, default: FieldRules.limit.default })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(FieldRules.limit.min)
  @Max(FieldRules.limit.max)
  limit: number = FieldRules.limit.default;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset = 0;
}

export class ArticleListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only articles with this tag' })
  @IsOptional()
  @IsString()
  @MaxLength(FieldRules.tag.max)
  tag?: string;

  @ApiPropertyOptional({ description: 'only articles by this username' })
  @IsOptional()
  @IsString()
  @MaxLength(FieldRules.username.max)
  author?: string;

  @ApiPropertyOptional({ description: 'only articles favorited by this username' })
  @IsOptional()
  @IsString()
  @MaxLength(FieldRules.username.max)
  favorited?: string;
}
