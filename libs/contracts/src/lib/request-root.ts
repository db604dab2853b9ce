import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { Required } from './validation/required';

/**
 * The one named root every request body has (`{"user": …}`, `{"article": …}`): required,
 * an object, validated as `dto`. A missing or `null` root is a 422 `can't be blank` on its
 * name, a root of another type a 422 `must be an object`.
 */
export const RequestRoot = (dto: () => ClassType<unknown>): PropertyDecorator =>
  applyDecorators(
    // A lazy type must be a function literally named `type` for @nestjs/swagger (it checks
    // `fn.name === 'type'`); `dto` itself is an anonymous arrow and would become `$ref: …/schemas/`.
    ApiProperty({ type: () => dto() }),
    Required(),
    IsObject({ message: 'must be an object' }),
    ValidateNested(),
    Type(dto),
  );
