import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, ConfigError, configureHttp, createHttpAdapter, loadConfig } from '@conduit/server/platform';
import { AppModule } from './app/app.module';

/** Reads the environment; a bad value ends the process with one clear message, no stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The Nest application, configured but not listening (main.ts listens, tools inspect). */
export async function createApp(config: AppConfig, options: { logs: boolean }): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createHttpAdapter(config), {
    bufferLogs: options.logs,
    logger: options.logs ? undefined : false,
    abortOnError: false,
    // configureHttp registers the JSON parser itself (empty body allowed).
    bodyParser: false,
  });
  if (options.logs) app.useLogger(app.get(Logger));
  configureHttp(app, config);
  return app;
}
