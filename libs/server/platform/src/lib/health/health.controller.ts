import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppConfig } from '../config/app-config';
import { DatabaseHealth } from './database-health';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ example: '1.2.3' }) version!: string;
  @ApiProperty({ enum: ['up', 'down'] }) db!: 'up' | 'down';
}

/** Liveness and readiness in one: the container HEALTHCHECK and App Runner/ECS probes call it. */
@ApiTags('Health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseHealth,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'the database does not answer' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    const up = await this.database.isUp();
    if (!up) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: up ? 'ok' : 'error', version: this.config.version, db: up ? 'up' : 'down' };
  }
}
