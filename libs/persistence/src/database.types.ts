import type { ColumnType, Generated } from 'kysely';

/**
 * Row types as PostgreSQL returns them through node-postgres: `numeric` and
 * `bigint` arrive as strings, `date` as 'YYYY-MM-DD' (we install a parser),
 * `timestamptz` as Date.
 */
type Numeric = ColumnType<string, number | string, number | string>;
type BigIntCol = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
type Json<T> = ColumnType<T, string, string>;

export interface UnitsTable {
  id: string;
  name: string;
  name_en: string | null;
  region: string;
  city: string;
  kind: string;
  sector: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface InstrumentsTable {
  id: string;
  region: string;
  local_id: string;
  source_platform: string;
  unit_id: string;
  name: string;
  name_en: string | null;
  model: string | null;
  manufacturer: string | null;
  country_of_origin: string | null;
  description: string | null;
  category_code: string;
  value_cny: Numeric;
  funding_source: string;
  city: string;
  address: string | null;
  lat: number | null;
  lon: number | null;
  acceptance_date: string | null;
  provincial_join_date: string | null;
  iot_sensor_id: string | null;
  service_modes: string[];
  fee: Json<unknown> | null;
  confidentiality: Json<unknown>;
  confidentiality_status: string;
  duty_free: Json<unknown> | null;
  supervision_ends: string | null;
  requires_owner_approval: boolean;
  last_power_on_date: string | null;
  shareable: boolean;
  customs_gated: boolean;
  content_hash: string;
  version: BigIntCol;
  change_seq: BigIntCol;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  deleted_at: Date | null;
  /** change_seq of the last change partners were told of (migration 0017); null: never shared. */
  feed_seq: Generated<string | null>;
  /** Version that change announced: a tombstone's version. */
  feed_version: Generated<string | null>;
  change_xid: Generated<string | null>;
  /** Date the provincial platform says the instrument first appeared there (its `listedOn`, Art. 13). */
  province_listed_on: string | null;
  /** The unit's booking limits for this instrument (migration 0014); null: the gateway's defaults. */
  booking_limits: ColumnType<unknown | null, string | null | undefined, string | null>;
}

export interface BookingsTable {
  id: string;
  instrument_id: string;
  /** `user` (our API: sub and unit) or `partner` (partner id and pseudonym; its unit only a claim). */
  requester_kind: Generated<'user' | 'partner'>;
  requester_sub: string | null;
  requester_unit_id: string | null;
  requester_partner: string | null;
  requester_pseudonym: string | null;
  requester_claimed_unit_id: string | null;
  requester_claimed_region: string | null;
  status: string;
  period: string;
  purpose: string;
  sample_description: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  channel: Generated<string>;
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface BookingAuditTable {
  id: Generated<string>;
  booking_id: string;
  from_status: string | null;
  to_status: string;
  actor: string;
  reason: string | null;
  at: Generated<Date>;
}

export interface ImportRunsTable {
  id: string;
  unit_id: string | null;
  actor: string;
  filename: string;
  sha256: string;
  format: string;
  total_rows: number;
  stored: number;
  unchanged: number;
  rejected: number;
  report: Json<unknown>;
  created_at: Generated<Date>;
}

export interface FederationSourcesTable {
  id: string;
  region: string;
  protocol: string;
  paused: Generated<boolean>;
  cursor: string | null;
  status: Generated<string>;
  last_attempt_at: Date | null;
  last_success_at: Date | null;
  last_error: string | null;
  consecutive_failures: Generated<number>;
  circuit_open_until: Date | null;
  records_in: BigIntCol;
  tombstones_in: BigIntCol;
  records_out: BigIntCol;
  dropped_confidential: BigIntCol;
  rejected: BigIntCol;
  updated_at: Generated<Date>;
  /** Our change_seq up to which this partner acknowledged our pushes (OpenAPI partners). */
  push_cursor: BigIntCol;
}

export interface FederationErrorsTable {
  id: Generated<string>;
  source_id: string;
  instrument_id: string;
  version: BigIntCol;
  reason: string;
  at: Generated<Date>;
}

export interface DB {
  federation_sources: FederationSourcesTable;
  federation_errors: FederationErrorsTable;
  units: UnitsTable;
  instruments: InstrumentsTable;
  bookings: BookingsTable;
  booking_audit: BookingAuditTable;
  import_runs: ImportRunsTable;
  rate_limit_counters: RateLimitCountersTable;
}

/** Rate-limit windows when there is no Redis (migration 0014). */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  resets_at: Date;
}
