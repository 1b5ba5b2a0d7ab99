import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EXEMPTION_STATUSES } from '../domain/exemption';

/** Closed like bodies: an unknown query parameter is a 400. */
export class ExemptionQueryDto {
  @ApiPropertyOptional({ enum: EXEMPTION_STATUSES, description: "A department's queue is `requested`" })
  @IsOptional()
  @IsIn(EXEMPTION_STATUSES)
  status?: string;
}
