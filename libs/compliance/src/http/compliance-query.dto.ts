import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { REMINDER_KINDS } from '../domain/duties';

/** Query strings are closed like bodies: an unknown parameter (a typo) is a 400, not silently ignored. */
export class ReminderQueryDto {
  @ApiPropertyOptional({ enum: REMINDER_KINDS })
  @IsOptional()
  @IsIn(REMINDER_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: ['open', 'acknowledged'] })
  @IsOptional()
  @IsIn(['open', 'acknowledged'])
  status?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;
}

export class QuarterlyQueryDto {
  @ApiProperty({ type: 'integer', minimum: 2000, maximum: 2100 })
  @Matches(/^\d{4}$/, { message: 'year must be a four-digit year' })
  year!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  @Matches(/^[1-4]$/, { message: 'quarter must be 1, 2, 3 or 4' })
  quarter!: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: string;
}
