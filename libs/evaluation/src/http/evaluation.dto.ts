import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, MaxLength, Min, Max, MinLength } from 'class-validator';
import { MAX_REVIEW_NOTE } from '../use-cases/review-evaluation.usecase';

export class CreateEvaluationDto {
  @ApiProperty({ description: 'The calendar year to evaluate: ended, not before the measures took effect (Art. 24)', example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({
    description: 'Recompute a year whose evaluation was reviewed, superseding that review (kept in the trail); without it such a year is 409 (Art. 21)',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  reopen?: boolean;
}

export class EvaluationYearParam {
  @ApiProperty({ description: 'The evaluated year', example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class ReviewEvaluationDto {
  @ApiProperty({ description: 'What the office checked (kept with the evaluation and printed on its page)', maxLength: MAX_REVIEW_NOTE })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REVIEW_NOTE)
  note!: string;
}

export const EVALUATION_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
export type EvaluationFormat = (typeof EVALUATION_FORMATS)[number];

export class EvaluationQuery {
  @ApiPropertyOptional({
    enum: EVALUATION_FORMATS,
    description: 'json (default), csv or xlsx (a row per unit), html (a printable page in Chinese with each unit’s breakdown)',
  })
  @IsOptional()
  @IsIn(EVALUATION_FORMATS)
  format?: EvaluationFormat;
}
