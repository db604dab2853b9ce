import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { FieldRules } from '../field-rules';
import { NormalizeTagList, Trim } from '../transforms';

const BLANK = { message: "can't be blank" };

export class NewArticleDto {
  @ApiProperty({ maxLength: FieldRules.title.max })
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.title.max)
  title!: string;

  @ApiProperty({ maxLength: FieldRules.description.max })
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.description.max)
  description!: string;

  @ApiProperty({ maxLength: FieldRules.articleBody.max })
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.articleBody.max)
  body!: string;

  @ApiPropertyOptional({ type: [String], maxItems: FieldRules.tagList.max })
  @IsOptional()
  @NormalizeTagList()
  @IsArray()
  @ArrayMaxSize(FieldRules.tagList.max)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(FieldRules.tag.max, { each: true })
  tagList?: string[];
}

/** Any subset of the fields; `tagList` is accepted too (the public spec omits it, clients send it). */
export class UpdateArticleDto {
  @ApiPropertyOptional({ maxLength: FieldRules.title.max })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.title.max)
  title?: string;

  @ApiPropertyOptional({ maxLength: FieldRules.description.max })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.description.max)
  description?: string;

  @ApiPropertyOptional({ maxLength: FieldRules.articleBody.max })
  @IsOptional()
  @IsString()
  @IsNotEmpty(BLANK)
  @MaxLength(FieldRules.articleBody.max)
  body?: string;

  @ApiPropertyOptional({ type: [String], maxItems: FieldRules.tagList.max })
  @IsOptional()
  @NormalizeTagList()
  @IsArray()
  @ArrayMaxSize(FieldRules.tagList.max)
  @IsString({ each: true })
  @IsNotEmpty({ each: true, message: 'must not contain empty tags' })
  @MaxLength(FieldRules.tag.max, { each: true })
  tagList?: string[];
}

export class NewArticleRequestDto {
  @ApiProperty({ type: NewArticleDto })
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => NewArticleDto)
  article!: NewArticleDto;
}

export class UpdateArticleRequestDto {
  @ApiProperty({ type: UpdateArticleDto })
  @IsDefined({ message: 'is required' })
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => UpdateArticleDto)
  article!: UpdateArticleDto;
}
