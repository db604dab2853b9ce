import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/**
 * The one named root every request body has (`{"user": …}`, `{"article": …}`): required,
 * an object, validated as `dto`. A missing or wrongly typed root is a 422 on its name.
 */
export const RequestRoot = (dto: () => ClassType<unknown>): PropertyDecorator =>
  applyDecorators(
    // A lazy type must be a function literally named `type` for @nestjs/swagger (it checks
    // `fn.name === 'type'`); `dto` itself is an anonymous arrow and would become `$ref: …/schemas/`.
    ApiProperty({ type: () => dto() }),
    IsDefined({ message: 'is required' }),
    IsObject({ message: 'must be an object' }),
    ValidateNested(),
    Type(dto),
  );
