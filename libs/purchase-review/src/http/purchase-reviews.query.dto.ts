import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

/** Query strings are closed like bodies: an unknown parameter is a 400. */
export class ReviewListQueryDto {
  @ApiPropertyOptional({ enum: ['not_required', 'submitted', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['not_required', 'submitted', 'approved', 'rejected'])
  status?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Matches(/^([1-9]\d{0,1}|[1-4]\d{2}|500)$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;
}

export class ReviewFormatQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: string;
}
