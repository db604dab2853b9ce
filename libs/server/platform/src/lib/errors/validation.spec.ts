import type { ValidationError } from '@nestjs/common';
import { toErrorMap } from './validation';

const error = (property: string, constraints?: Record<string, string>, children: ValidationError[] = []): ValidationError => ({
  property,
  constraints,
  children,
});

describe('toErrorMap', () => {
  it('drops the request root from nested keys and the property name from messages', () => {
    const map = toErrorMap([
      error('user', undefined, [error('email', { isEmail: 'email is invalid' }), error('password', { length: 'password must be 8 to 256 characters' })]),
    ]);
    expect(map).toEqual({ email: ['is invalid'], password: ['must be 8 to 256 characters'] });
  });

  it('keeps the root name when the root itself is wrong, without the nested-validation noise', () => {
    const map = toErrorMap([error('user', { isObject: 'must be an object', nestedValidation: 'nested property user must be either object or array' })]);
    expect(map).toEqual({ user: ['must be an object'] });
  });

  it('reports array items under the array field', () => {
    const map = toErrorMap([error('article', undefined, [error('tagList', undefined, [error('0', { isString: 'must be a string' })])])]);
    expect(map).toEqual({ tagList: ['must be a string'] });
  });

  it("reports only can't be blank for a blank required field, and every wrong field", () => {
    const map = toErrorMap([
      error('user', undefined, [
        error('username', { required: "can't be blank", isString: 'username must be a string', isLength: 'username must be 1-64 …' }),
        error('email', { isEmail: 'is invalid' }),
      ]),
    ]);
    expect(map).toEqual({ username: ["can't be blank"], email: ['is invalid'] });
  });
});
