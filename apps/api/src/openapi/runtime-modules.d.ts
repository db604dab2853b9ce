/** Type declarations for modules the bundles use that ship none of their own. */

/**
 * swagger-ui-dist ships no types. Only this file of it is loaded: its `index.js` would load
 * Swagger UI's whole browser bundle (1.5 MB) into the server just to say where it lies.
 */
declare module 'swagger-ui-dist/absolute-path' {
  /** The directory holding Swagger UI's built files (swagger-ui-bundle.js, swagger-ui.css, …). */
  export default function absolutePath(): string;
}

/**
 * @nestjs/swagger's no-op decorators (`dist/extra/swagger-shim.js`, aliased in
 * webpack.config.js): the same API as the package, recording nothing.
 */
declare module '@nestjs/swagger-shim' {
  export * from '@nestjs/swagger';
}
