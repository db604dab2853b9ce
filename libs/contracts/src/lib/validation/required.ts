import { registerDecorator, type ValidationOptions } from 'class-validator';
import { ErrorMessages } from '../errors/error-messages';

/** The constraint name the validation mapping looks for: a blank field reports only this. */
export const REQUIRED_CONSTRAINT = 'required';

/** Missing, `null`, or a string of nothing but white space. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * A field the request must carry with content: missing, `null` or blank is a 422
 * `"can't be blank"` (API.md "Errors"). Other rules on the field (type, length, format) still
 * run; the validation mapping reports only this message when this one fails.
 */
export function Required(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: REQUIRED_CONSTRAINT,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: ErrorMessages.blank, ...options },
      validator: { validate: (value: unknown) => !isBlank(value) },
    });
}
