import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@app/auth';
import { ListSourcesUseCase } from '../use-cases/list-sources.usecase';

@ApiTags('federation')
@ApiBearerAuth()
@Controller('federation/sources')
export class SourcesController {
  constructor(private readonly sources: ListSourcesUseCase) {}

  @Roles('user', 'unit_admin', 'customs_officer', 'drc_monitor', 'department', 'admin')
  @Get()
  @ApiOperation({ summary: 'Each federated catalog: status, last success, cursor, lag, records in/out, errors with reasons' })
  async list() {
    return { items: await this.sources.execute() };
  }

  @Roles('admin')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@Param('id') id: string) {
    return this.sources.setPaused(id, true);
  }

  @Roles('admin')
  @Post(':id/resume')
  @HttpCode(200)
  resume(@Param('id') id: string) {
    return this.sources.setPaused(id, false);
  }
}
