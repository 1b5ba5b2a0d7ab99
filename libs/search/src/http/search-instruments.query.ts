import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { REGIONS } from '@app/common';
import { SERVICE_MODES } from '@app/catalog';
import { SEARCH_SORTS, type SearchSort } from '../types';

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);


/** `GET /api/v1/instruments` (the public HTTP contract): free text plus the filters, sort and pagination. */
export class SearchInstrumentsQueryDto {
  @ApiPropertyOptional({ description: 'Free text in Chinese or English: names, abbreviations (SEM, 核磁), model numbers (JSM-7800F), makers', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: REGIONS, isArray: true, description: 'Repeatable' })
  @IsOptional()
  @Transform(toArray)
  @IsIn(REGIONS, { each: true })
  region?: string[];

  @ApiPropertyOptional({ example: '嘉兴市' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  city?: string;

  @ApiPropertyOptional({ description: 'National category code or prefix, e.g. 01 or 0101' })
  @IsOptional()
  @Matches(/^\d{2,6}$/, { message: 'category must be a national category code (digits)' })
  category?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  unitId?: string;

  @ApiPropertyOptional({ enum: SERVICE_MODES })
  @IsOptional()
  @IsIn(SERVICE_MODES)
  serviceMode?: string;

  @ApiPropertyOptional({ description: 'Duty-free import inside customs supervision (Art. 12)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'customsGated must be true or false' })
  customsGated?: boolean;

  @ApiPropertyOptional({ description: 'Maximum external price per fee unit, CNY' })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'feeMax must be a number' })
  @Min(0)
  feeMax?: number;

  @ApiPropertyOptional({ description: 'lat,lon (WGS 84): distances are given from here; with radiusKm, only instruments within it', example: '30.75,120.76' })
  @IsOptional()
  @Matches(/^-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?$/, { message: 'near must be lat,lon in decimal degrees' })
  near?: string;

  @ApiPropertyOptional({ description: 'With near: radius in km', minimum: 0.1, maximum: 2000 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({}, { message: 'radiusKm must be a number' })
  @Min(0.1)
  @Max(2000)
  radiusKm?: number;

  @ApiPropertyOptional({ enum: SEARCH_SORTS, description: 'Default: relevance with q, else freshness; distance needs near' })
  @IsOptional()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be an integer' })
  @Min(1)
  @Max(10_000)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be an integer' })
  @Min(1)
  @Max(100)
  pageSize: number = 20;

  @ApiPropertyOptional({ description: "Opaque cursor from a previous answer's nextCursor (instead of page)" })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
