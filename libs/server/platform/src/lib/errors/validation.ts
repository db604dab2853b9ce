import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorMap } from '@conduit/contracts';
import { unprocessable } from './http-errors';

/**
 * Flattens class-validator's tree into the contract's map. The request root
 * (`user`, `article`, `comment`) is dropped from the key: `user.email` → `email`,
 * as RealWorld clients expect; a missing or wrongly typed root keeps its own name.
 */
export function toErrorMap(errors: ValidationError[], parentPath: string[] = []): ErrorMap {
  const map: ErrorMap = {};
  for (const error of errors) {
    const path = [...parentPath, error.property];
    const key = path.length > 1 ? path.slice(1).filter((part) => !/^\d+$/.test(part)).join('.') : path[0];
    const messages = Object.entries(error.constraints ?? {})
      // "nested property … must be either object or array" repeats what IsObject already said.
      .filter(([rule], _, all) => rule !== 'nestedValidation' || all.length === 1)
      .map(([, message]) => stripPropertyName(message, error.property));
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
