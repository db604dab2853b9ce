/**
 * What `@nestjs/swagger` is inside the server's bundles (`main.js`, `migrate.js`; a webpack
 * alias, see webpack.config.js). The OpenAPI decorators on controllers and DTOs record
 * nothing there: the document is built from them once, by `openapi-export.js` (the real
 * package), committed, and served as a file (`api-docs.ts`). The mapped types are the real
 * ones from `@nestjs/mapped-types`: an update DTO inherits its validation rules through them.
 * Leaving the package out of the start-up path saves compiling and evaluating it, and lodash
 * and js-yaml with it, on every start.
 */
export * from '@nestjs/swagger-shim';
export { IntersectionType, OmitType, PartialType, PickType } from '@nestjs/mapped-types';
