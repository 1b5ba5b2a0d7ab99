import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONFIDENTIALITY_STATUSES, FEE_UNITS, FUNDING_SOURCES, SERVICE_MODES } from '../domain/instrument';

/*
 * OpenAPI description of the instrument body. Validation itself is the domain
 * validator (validateInstrumentInput), shared with the bulk import, so the
 * rules exist once; these classes only document them.
 */
class GeoPointDoc {
  @ApiProperty({ example: 30.7522 }) lat!: number;
  @ApiProperty({ example: 120.7555 }) lon!: number;
}

class FeeTierDoc {
  @ApiProperty() minQuantity!: number;
  @ApiProperty() internalPriceCny!: number;
  @ApiProperty() externalPriceCny!: number;
}

class FeeStandardDoc {
  @ApiProperty({ enum: FEE_UNITS }) unit!: string;
  @ApiProperty({ example: 300 }) internalPriceCny!: number;
  @ApiProperty({ example: 500 }) externalPriceCny!: number;
  @ApiPropertyOptional({ type: [FeeTierDoc] }) tiers?: FeeTierDoc[];
  @ApiPropertyOptional() setupFeeCny?: number;
  @ApiPropertyOptional() note?: string;
}

class ConfidentialityDoc {
  @ApiProperty({
    enum: CONFIDENTIALITY_STATUSES,
    description:
      "`confidential` (state secrets, Art. 2) is the unit's declaration. `exempted` (Art. 11) is never declared by a unit (400): it is requested at POST /api/v1/exemptions and set by the filing of the competent department's approval; an exempted instrument keeps that record on PUT and import whatever the body says, except `confidential`",
  })
  status!: string;
  @ApiPropertyOptional({ description: 'Competent department that approved the exemption (Art. 11); set by the exemption decision' }) approvedBy?: string;
  @ApiPropertyOptional() approvalRef?: string;
  @ApiPropertyOptional({ format: 'date' }) approvalDate?: string;
  @ApiPropertyOptional({ description: 'Filing with the provincial office (省大仪办)' }) filingRef?: string;
  @ApiPropertyOptional({ format: 'date' }) filingDate?: string;
  @ApiPropertyOptional() note?: string;
}

class DutyFreeImportDoc {
  @ApiProperty() declarationNo!: string;
  @ApiProperty({ format: 'date' }) releaseDate!: string;
  @ApiPropertyOptional({ default: 3 }) supervisionYears?: number;
}

class BookingLimitsDoc {
  @ApiPropertyOptional({ minimum: 1, maximum: 336, description: 'Longest window of one booking, hours (default BOOKING_QUOTA_MAX_WINDOW_HOURS)' }) maxWindowHours?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 366, description: 'How far ahead a window may start, days (default BOOKING_QUOTA_MAX_AHEAD_DAYS)' }) maxAheadDays?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: 'Open future bookings one requester may hold of this instrument (default BOOKING_QUOTA_MAX_ACTIVE)' }) maxActivePerRequester?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, description: "The same for all of one partner platform's users together (default BOOKING_QUOTA_MAX_ACTIVE_PER_PARTNER)" }) maxActivePerPartner?: number;
}

export class InstrumentInputDoc {
  @ApiProperty({ example: 'JX-SEM-001' }) localId!: string;
  @ApiProperty({ example: '场发射扫描电子显微镜' }) name!: string;
  @ApiPropertyOptional({ example: 'Field emission scanning electron microscope' }) nameEn?: string;
  @ApiPropertyOptional({ example: 'JSM-7800F' }) model?: string;
  @ApiPropertyOptional({ example: 'JEOL' }) manufacturer?: string;
  @ApiPropertyOptional({ example: '日本' }) countryOfOrigin?: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty({ example: '0101', description: 'National category code' }) categoryCode!: string;
  @ApiProperty({ example: 3200000 }) valueCny!: number;
  @ApiProperty({ enum: FUNDING_SOURCES }) fundingSource!: string;
  @ApiProperty({ example: 'jx-u001' }) unitId!: string;
  @ApiProperty({ example: '嘉兴市' }) city!: string;
  @ApiPropertyOptional() address?: string;
  @ApiPropertyOptional({ type: GeoPointDoc }) location?: GeoPointDoc;
  @ApiPropertyOptional({ format: 'date' }) acceptanceDate?: string;
  @ApiPropertyOptional({ format: 'date' }) provincialJoinDate?: string;
  @ApiPropertyOptional() iotSensorId?: string;
  @ApiProperty({ enum: SERVICE_MODES, isArray: true }) serviceModes!: string[];
  @ApiPropertyOptional({ type: FeeStandardDoc, description: 'Optional: Art. 13 allows three months after joining' }) fee?: FeeStandardDoc;
  @ApiProperty({ type: ConfidentialityDoc }) confidentiality!: ConfidentialityDoc;
  @ApiPropertyOptional({ type: DutyFreeImportDoc }) dutyFreeImport?: DutyFreeImportDoc;
  @ApiPropertyOptional() requiresOwnerApproval?: boolean;
  @ApiPropertyOptional({ type: BookingLimitsDoc, description: "The unit's booking rules for this instrument (Art. 13); a limit left out is the gateway's default. Shown in the instrument's detail." })
  bookingLimits?: BookingLimitsDoc;
}
