import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { FieldRules } from '../field-rules';
import { ProfileDto } from '../profiles/profile.dto';
import { RequestRoot } from '../request-root';
import { Required } from '../validation/required';

export class CommentDto {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: ProfileDto }) author!: ProfileDto;
}

export class CommentResponseDto {
  @ApiProperty({ type: CommentDto }) comment!: CommentDto;
}

export class CommentListResponseDto {
  @ApiProperty({ type: [CommentDto] }) comments!: CommentDto[];
}

export class NewCommentDto {
  @ApiProperty({ maxLength: FieldRules.commentBody.max })
  @Required()
  @IsString()
  @MaxLength(FieldRules.commentBody.max)
  body!: string;
}

export class NewCommentRequestDto {
  @RequestRoot(() => NewCommentDto)
  comment!: NewCommentDto;
}
