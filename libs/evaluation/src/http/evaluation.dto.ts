import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, Max, MinLength } from 'class-validator';
import { MAX_REVIEW_NOTE } from '../use-cases/review-evaluation.usecase';

export class CreateEvaluationDto {
  @ApiProperty({ description: 'The calendar year to evaluate: ended, not before the measures took effect (Art. 24)', example: 2026 })
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
  @ApiPropertyOptional({ enum: EVALUATION_FORMATS, description: 'json (default), csv or xlsx (a row per unit), html (a printable page in Chinese with each unit’s breakdown)' })
  @IsOptional()
  @IsIn(EVALUATION_FORMATS)
  format?: EvaluationFormat;
}
