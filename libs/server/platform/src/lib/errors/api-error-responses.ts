import { ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@conduit/contracts';

/** Documents the 422 of a route that validates a body or query (`{"errors": {"<field>": [...]}}`). */
export const ApiValidationFailed = (description = 'validation failed'): MethodDecorator & ClassDecorator =>
  ApiUnprocessableEntityResponse({ type: ErrorBodyDto, description });
