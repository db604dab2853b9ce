import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { REQUIRED_CONSTRAINT, type ErrorMap } from '@conduit/contracts';
import { unprocessable } from './http-errors';

/**
 * Rules about what a value is: when one fails, it is what a client needs to read first, the
 * container (`isArray`: "must be an array") before its items (`isString` with `each`).
 */
const RULE_RANK: Partial<Record<string, number>> = { isArray: 2, isObject: 2, isString: 1, isInt: 1, isNumber: 1, isBoolean: 1 };
const rank = (rule: string): number => RULE_RANK[rule] ?? 0;

/**
 * The messages of one field, most telling first. A field that is missing, `null` or blank
 * reports only `can't be blank` (its type and length rules fail too, but say nothing more);
 * otherwise a wrong type comes before the rules that assume the right one (class-validator
 * lists the rules last decorator first); "nested property … must be either object or
 * array" repeats what IsObject said.
 */
function messagesOf(error: ValidationError): string[] {
  const constraints = error.constraints ?? {};
  const required = constraints[REQUIRED_CONSTRAINT];
  if (required !== undefined) return [required];
  return Object.entries(constraints)
    .filter(([rule], _, all) => rule !== 'nestedValidation' || all.length === 1)
    .sort(([a], [b]) => rank(b) - rank(a))
    .map(([, message]) => stripPropertyName(message, error.property));
}

/**
 * Flattens class-validator's tree into the contract's map, one key per wrong field. The
 * request root (`user`, `article`, `comment`) is dropped from the key: `user.email` →
 * `email`, as RealWorld clients expect; a missing or wrongly typed root keeps its own name.
 */
export function toErrorMap(errors: ValidationError[], parentPath: string[] = []): ErrorMap {
  const map: ErrorMap = {};
  for (const error of errors) {
    const path = [...parentPath, error.property];
    const key = path.length > 1 ? path.slice(1).filter((part) => !/^\d+$/.test(part)).join('.') : path[0];
    const messages = messagesOf(error);
    if (messages.length > 0) (map[key] ??= []).push(...messages);
    if (error.children?.length) {
      for (const [childKey, childMessages] of Object.entries(toErrorMap(error.children, path))) {
        (map[childKey] ??= []).push(...childMessages);
      }
    }
  }
  return map;
}

/** class-validator's default messages begin with the property name, which the key already says. */
function stripPropertyName(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}

/**
 * One validation pipe for every request: DTOs from `@conduit/contracts`, extra fields
 * ignored (public clients send them), wrong types and broken rules → 422.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => unprocessable(toErrorMap(errors)),
  });
}
