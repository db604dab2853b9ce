import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  NotFoundException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@nestjs/common';
import type { ErrorMap } from '@conduit/contracts';

/** Builds the contract's error body: `{"errors": {"<topic>": ["<message>"]}}`. */
export function errorBody(topic: string, message: string): { errors: ErrorMap } {
  return { errors: { [topic]: [message] } };
}

/** 404 for an unknown slug, username or comment id. */
export const notFound = (what: string): HttpException => new NotFoundException(errorBody(what, 'not found'));

/** 403: a valid token, but not the author of what is being changed. */
export const forbidden = (what: string): HttpException =>
  new ForbiddenException(errorBody(what, 'may only be changed by its author'));

/** 401: no token, a bad token, or wrong credentials. */
export const unauthorized = (topic: string, message: string): HttpException =>
  new UnauthorizedException(errorBody(topic, message));

/** 401: a valid token whose user is gone (e.g. a reset database), never a foreign-key 500. */
export const vanishedUser = (): HttpException => unauthorized('token', 'names a user that no longer exists');

/** 422: a rule of the contract is broken (`{"email": ["has already been taken"]}`). */
export const unprocessable = (errors: ErrorMap): HttpException => new UnprocessableEntityException({ errors });

export const alreadyTaken = (field: string): HttpException => unprocessable({ [field]: ['has already been taken'] });

export { HttpStatus };
