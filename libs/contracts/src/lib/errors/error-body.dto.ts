import { ApiProperty } from '@nestjs/swagger';

/** Every error: `{"errors": {"<field or topic>": ["message", …]}}` (API.md "Errors"). */
export type ErrorMap = Record<string, string[]>;

export class ErrorBodyDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { email: ['has already been taken'] },
  })
  errors!: ErrorMap;
}
