import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  DATABASE,
  Database,
  InjectDb,
  LOCAL_FEED_LOCK,
  sql,
  type Db,
  type Selectable,
  type InstrumentsTable,
  type Transaction,
  type DB,
} from '@app/persistence';
import type { Region } from '@app/common';
import type { BookingFacts, Instrument, InstrumentInput } from '../domain/instrument';
import type { StoredInstrument } from '../domain/stored-instrument';
import { CATALOG_CHANGES, type CatalogChanges } from '../domain/catalog-changes.port';
import type { Visibility } from '../domain/instrument-access';

type Row = Selectable<InstrumentsTable>;

type BookableRow = Pick<
  Row,
  'id' | 'unit_id' | 'source_platform' | 'fee' | 'duty_free' | 'requires_owner_approval' | 'booking_limits' | 'content_hash' | 'shareable'
> & {
  version: string | number;
};

/** Who may see an instrument by id ($1): live, and shareable, or the caller sees everything ($2), or it is the caller's unit's ($3). */
const VISIBLE_BY_ID = `id = $1 AND deleted_at IS NULL AND (shareable OR $2::boolean OR unit_id = $3::text)`;
const visibleById = (id: string, visibility: Visibility) => [id, visibility.all, visibility.all ? null : (visibility.unitId ?? null)];

const BOOKABLE = `SELECT id, unit_id, source_platform, fee, duty_free, requires_owner_approval, booking_limits, version, content_hash, shareable
  FROM instruments WHERE ${VISIBLE_BY_ID}`;

export interface InstrumentWrite {
  id: string;
  region: Region;
  sourcePlatform: string;
  input: InstrumentInput;
  contentHash: string;
  shareable: boolean;
  customsGated: boolean;
  supervisionEnds?: string;
}

/** Live instruments of one region, unit and category (and one instrument, when asked per instrument). */
export interface CensusRow {
  id?: string;
  region: Region;
  unitId: string;
  categoryCode: string;
  excluded: boolean;
  instruments: number;
  withSensor: number;
  onProvince: number;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

interface FactsRow {
  id: string;
  region: Region;
  unit_id: string;
  category_code: string;
  confidentiality_status: string;
  deleted: boolean;
  iot_sensor_id: string | null;
  name: string;
  declaration_no: string | null;
  supervision_ends: string | null;
}

/**
 * A stored instrument with what the provincial platform answered about it:
 * `provinceListedOn`, the date the province says it first appeared there
 * (Art. 13 evidence, set by the province push; absent until then).
 */
export type StoredInstrumentWithListing = StoredInstrument & { provinceListedOn?: string };

export function toStoredInstrument(row: Row): StoredInstrumentWithListing {
  const input: Instrument = {
    id: row.id,
    region: row.region as Region,
    localId: row.local_id,
    sourcePlatform: row.source_platform,
    unitId: row.unit_id,
    name: row.name,
    nameEn: row.name_en ?? undefined,
    model: row.model ?? undefined,
    manufacturer: row.manufacturer ?? undefined,
    countryOfOrigin: row.country_of_origin ?? undefined,
    description: row.description ?? undefined,
    categoryCode: row.category_code,
    valueCny: Number(row.value_cny),
    fundingSource: row.funding_source as Instrument['fundingSource'],
    city: row.city,
    address: row.address ?? undefined,
    location: row.lat !== null && row.lon !== null ? { lat: row.lat, lon: row.lon } : undefined,
    acceptanceDate: row.acceptance_date ?? undefined,
    provincialJoinDate: row.provincial_join_date ?? undefined,
    iotSensorId: row.iot_sensor_id ?? undefined,
    serviceModes: row.service_modes as Instrument['serviceModes'],
    fee: (row.fee as Instrument['fee']) ?? undefined,
    confidentiality: row.confidentiality as Instrument['confidentiality'],
    dutyFreeImport: (row.duty_free as Instrument['dutyFreeImport']) ?? undefined,
    requiresOwnerApproval: row.requires_owner_approval,
    ...(row.booking_limits ? { bookingLimits: row.booking_limits as Instrument['bookingLimits'] } : {}),
    version: Number(row.version),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  return {
    instrument: input,
    shareable: row.shareable,
    customsGated: row.customs_gated,
    lastPowerOnDate: row.last_power_on_date ?? undefined,
    supervisionEnds: row.supervision_ends ?? undefined,
    changeSeq: row.change_seq,
    contentHash: row.content_hash,
    ...(row.province_listed_on ? { provinceListedOn: row.province_listed_on } : {}),
  };
}

/** The row for an instrument write (a unit's, or a partner's record: partner-record.repository). */
export function instrumentColumns(w: InstrumentWrite) {
  const i = w.input;
  return {
    id: w.id,
    region: w.region,
    local_id: i.localId,
    source_platform: w.sourcePlatform,
    unit_id: i.unitId,
    name: i.name,
    name_en: i.nameEn ?? null,
    model: i.model ?? null,
    manufacturer: i.manufacturer ?? null,
    country_of_origin: i.countryOfOrigin ?? null,
    description: i.description ?? null,
    category_code: i.categoryCode,
    value_cny: i.valueCny,
    funding_source: i.fundingSource,
    city: i.city,
    address: i.address ?? null,
    lat: i.location?.lat ?? null,
    lon: i.location?.lon ?? null,
    acceptance_date: i.acceptanceDate ?? null,
    provincial_join_date: i.provincialJoinDate ?? null,
    iot_sensor_id: i.iotSensorId ?? null,
    service_modes: i.serviceModes,
    fee: i.fee ? JSON.stringify(i.fee) : null,
    confidentiality: JSON.stringify(i.confidentiality),
    confidentiality_status: i.confidentiality.status,
    duty_free: i.dutyFreeImport ? JSON.stringify(i.dutyFreeImport) : null,
    supervision_ends: w.supervisionEnds ?? null,
    requires_owner_approval: i.requiresOwnerApproval ?? false,
    booking_limits: i.bookingLimits ? JSON.stringify(i.bookingLimits) : null,
    shareable: w.shareable,
    customs_gated: w.customsGated,
    content_hash: w.contentHash,
  };
}

/** The SQL type of each column an instrument write sets (a batch expanded by jsonb_to_recordset is typed by these). */
export const INSTRUMENT_COLUMN_TYPES: Record<keyof ReturnType<typeof instrumentColumns>, string> = {
  id: 'text',
  region: 'text',
  local_id: 'text',
  source_platform: 'text',
  unit_id: 'text',
  name: 'text',
  name_en: 'text',
  model: 'text',
  manufacturer: 'text',
  country_of_origin: 'text',
  description: 'text',
  category_code: 'text',
  value_cny: 'numeric',
  funding_source: 'text',
  city: 'text',
  address: 'text',
  lat: 'double precision',
  lon: 'double precision',
  acceptance_date: 'date',
  provincial_join_date: 'date',
  iot_sensor_id: 'text',
  service_modes: 'text[]',
  fee: 'jsonb',
  confidentiality: 'jsonb',
  confidentiality_status: 'text',
  duty_free: 'jsonb',
  supervision_ends: 'date',
  requires_owner_approval: 'boolean',
  booking_limits: 'jsonb',
  shareable: 'boolean',
  customs_gated: 'boolean',
  content_hash: 'text',
};

/**
 * A unit's row never lifts an exemption decided while its import ran (Art. 11):
 * the import read the stored record before this lock (`ownExemptionRecord`);
 * such a row is left as it is and counted unchanged.
 */
const NOT_LIFTING_EXEMPTION = sql<boolean>`NOT (instruments.confidentiality_status = 'exempted' AND instruments.deleted_at IS NULL AND excluded.confidentiality_status = 'none')`;

/** The stored row at a conflicting id is the written instrument: same unit, same inventory number. */
const SAME_INSTRUMENT = sql<boolean>`instruments.unit_id = excluded.unit_id AND instruments.local_id = excluded.local_id`;

/**
 * Before migration 0013 ids were `jiaxing:<localId>`, and an old inventory
 * number with a dot has the shape of another unit's id today (jx-u001's
 * "jx-u002.SEM-01" is jx-u002's SEM-01). 0013 left such an old id holding
 * nothing but its tombstone (its bookings moved with the instrument), so a
 * registration there must not inherit it: the tombstone of another unit or
 * inventory number is deleted and the registration stored as a fresh record
 * (its own creation date, no listing date, no bookings: should a booking still
 * point there, the database refuses the delete and nothing is stored). Its
 * version continues above the tombstone's, because partners and the province
 * ignore a version of an id lower than one they hold; that version is the one
 * trace of the old record the caller sees (docs/security.md, residual risk).
 * Two new ids never meet (a unit id has no dot, so `<unitId>.<localId>` splits
 * one way), and 0013 moved every live old row whose id could spell a new one:
 * what is left to meet is such a tombstone.
 *
 * Returns the version each replaced id's fresh record takes.
 */
async function clearForeignTombstones(trx: Transaction<DB>, writes: InstrumentWrite[]): Promise<Map<string, string>> {
  if (writes.length === 0) return new Map();
  const byId = new Map(writes.map((w) => [w.id, w.input]));
  const tombstones = await trx
    .selectFrom('instruments')
    .select(['id', 'unit_id', 'local_id', 'version'])
    .where('id', 'in', [...byId.keys()])
    .where('deleted_at', 'is not', null)
    .execute();
  const foreign = tombstones.filter((t) => t.unit_id !== byId.get(t.id)?.unitId || t.local_id !== byId.get(t.id)?.localId);
  if (foreign.length === 0) return new Map();
  await trx
    .deleteFrom('instruments')
    .where(
      'id',
      'in',
      foreign.map((t) => t.id),
    )
    .where('deleted_at', 'is not', null)
    .execute();
  return new Map(foreign.map((t) => [t.id, String(BigInt(t.version) + 1n)]));
}

/** A write's row; over a replaced tombstone, with the version that continues it. */
function freshColumns(w: InstrumentWrite, replaced: Map<string, string>) {
  const version = replaced.get(w.id);
  return version === undefined ? instrumentColumns(w) : { ...instrumentColumns(w), version };
}

/** The only code that reads or writes the instruments table. */
@Injectable()
export class InstrumentRepository {
  /** `bookable`'s statement: named on a server (parsed and planned once per connection); PGlite's one session takes it unnamed (BookingRepository). */
  private readonly bookableStatement: { name?: string; text: string };

  constructor(
    @InjectDb() private readonly db: Db,
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(CATALOG_CHANGES) private readonly changes?: CatalogChanges,
  ) {
    this.bookableStatement = database.mode === 'server' ? { name: 'instrument_bookable', text: BOOKABLE } : { text: BOOKABLE };
  }

  /**
   * What a booking decides on, if the instrument is live and visible (the same rule as
   * `findVisible`): its facts and its stamp, nothing a booking does not read. A process's first
   * booking of each instrument waits for this read; the whole row, built by kysely and then
   * classified, cost it more than the booking's own statement.
   */
  async bookable(
    id: string,
    visibility: Visibility,
  ): Promise<{ facts: BookingFacts; stamp: { version: number; contentHash: string; shareable: boolean } } | undefined> {
    const {
      rows: [row],
    } = await this.database.pool.query<BookableRow>({
      ...this.bookableStatement,
      values: visibleById(id, visibility),
    });
    if (!row) return undefined;
    return {
      facts: {
        id: row.id,
        unitId: row.unit_id,
        sourcePlatform: row.source_platform,
        fee: (row.fee as Instrument['fee']) ?? undefined,
        dutyFreeImport: (row.duty_free as Instrument['dutyFreeImport']) ?? undefined,
        requiresOwnerApproval: row.requires_owner_approval,
        ...(row.booking_limits ? { bookingLimits: row.booking_limits as Instrument['bookingLimits'] } : {}),
      },
      stamp: { version: Number(row.version), contentHash: row.content_hash, shareable: row.shareable },
    };
  }

  async findById(id: string, options: { includeDeleted?: boolean } = {}): Promise<StoredInstrumentWithListing | undefined> {
    let query = this.db.selectFrom('instruments').selectAll().where('id', '=', id);
    if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
    const row = await query.executeTakeFirst();
    return row ? toStoredInstrument(row) : undefined;
  }

  /** The owning unit of an instrument, withdrawn ones included. */
  async owningUnit(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('instruments').select('unit_id').where('id', '=', id).executeTakeFirst();
    return row?.unit_id;
  }

  /**
   * A live instrument the caller may see, else undefined. Visibility is part of
   * the query, so a hidden instrument and a missing one are the same "no row":
   * the caller's answer takes the same path, with the same work, for both
   * (no record is read, mapped or checked in the process for a hidden one).
   */
  async findVisible(id: string, visibility: Visibility): Promise<StoredInstrumentWithListing | undefined> {
    // The same rule as `bookable`'s, in the same words.
    const {
      rows: [row],
    } = await this.database.pool.query<Row>(`SELECT * FROM instruments WHERE ${VISIBLE_BY_ID}`, visibleById(id, visibility));
    return row ? toStoredInstrument(row) : undefined;
  }

  /**
   * A write to Jiaxing's own instruments: takes the change-feed lock first,
   * before any row lock, so sequence order is commit order (partners and the
   * province follow that order) and writers cannot deadlock on it.
   */
  private async localWrite<T>(work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const result = await this.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${LOCAL_FEED_LOCK})`.execute(trx);
      return work(trx);
    });
    this.changes?.changed();
    return result;
  }

  /** Live and deleted records by id (import checks who owns an id before overwriting it). */
  async findMany(ids: string[]): Promise<Map<string, StoredInstrument & { deleted: boolean }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('instruments').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, { ...toStoredInstrument(r), deleted: r.deleted_at !== null }]));
  }

  /** The few columns other domains need of instruments (live or withdrawn), without the full record: power-event ingest asks per batch of thousands. */
  async facts(ids: string[]): Promise<FactsRow[]> {
    if (ids.length === 0) return [];
    const { rows } = await sql<FactsRow>`
      SELECT id, region, unit_id, category_code, confidentiality_status, deleted_at IS NOT NULL AS deleted, iot_sensor_id,
        name, duty_free->>'declarationNo' AS declaration_no, supervision_ends
      FROM instruments WHERE id IN (SELECT unnest(${ids}::text[]))`.execute(this.db);
    return rows;
  }

  /** Ids of every instrument of a unit, live or withdrawn. */
  async idsOfUnit(unitId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('instruments').select('id').where('unit_id', '=', unitId).execute();
    return rows.map((r) => r.id);
  }

  /** Ids of every confidential or exempted instrument, live or withdrawn: what no cross-unit report may show. */
  async excludedIds(): Promise<{ id: string; unitId: string }[]> {
    const { rows } = await sql<{ id: string; unit_id: string }>`SELECT id, unit_id FROM instruments WHERE confidentiality_status <> 'none'`.execute(this.db);
    return rows.map((r) => ({ id: r.id, unitId: r.unit_id }));
  }

  /**
   * Live instruments counted per region, unit, category and exclusion, with how
   * many carry an IoT sensor and how many the province lists; one row per
   * instrument (id set) when `perInstrument`. Reports divide by these.
   */
  async census(filter: { unitId?: string; perInstrument: boolean }): Promise<CensusRow[]> {
    const { rows } = await sql<{
      id: string;
      region: string;
      unit_id: string;
      category_code: string;
      excluded: boolean;
      instruments: number;
      with_sensor: number;
      on_province: number;
    }>`
      SELECT id, region, unit_id, category_code, confidentiality_status <> 'none' AS excluded,
        sum(n)::int AS instruments, sum(with_sensor)::int AS with_sensor, sum(on_province)::int AS on_province
      FROM (
        -- Grouped first in the order of instruments_census_idx (a streamed aggregate over the index alone): grouping 50,000
        -- instruments by the classification's test hashed them all, 50–120 ms of the cross-region report at full scale.
        SELECT ${filter.perInstrument ? sql`id` : sql`''`} AS id, region, unit_id, category_code, confidentiality_status, count(*) AS n,
          count(*) FILTER (WHERE iot_sensor_id IS NOT NULL) AS with_sensor, count(*) FILTER (WHERE province_listed_on IS NOT NULL) AS on_province
        FROM instruments WHERE deleted_at IS NULL AND (${filter.unitId ?? null}::text IS NULL OR unit_id = ${filter.unitId ?? null})
        GROUP BY region, unit_id, category_code, confidentiality_status, 1
      ) c
      GROUP BY 1, 2, 3, 4, 5`.execute(this.db);
    return rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}),
      region: r.region as Region,
      unitId: r.unit_id,
      categoryCode: r.category_code,
      excluded: r.excluded,
      instruments: r.instruments,
      withSensor: r.with_sensor,
      onProvince: r.on_province,
    }));
  }

  /**
   * Inserts; returns false when the id is already taken by a live instrument of
   * the same unit. A withdrawn instrument comes back (as a new version) only to
   * the unit that registered it, under the same inventory number, so a row never
   * changes owner (booking trusts the owner of a tombstone).
   */
  async insert(w: InstrumentWrite): Promise<boolean> {
    const result = await this.localWrite(async (trx) => {
      const replaced = await clearForeignTombstones(trx, [w]);
      return trx
        .insertInto('instruments')
        .values(freshColumns(w, replaced))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ ...instrumentColumns(w), deleted_at: null, version: sql`instruments.version + 1` })
            .where('instruments.deleted_at', 'is not', null)
            .where(SAME_INSTRUMENT),
        )
        .executeTakeFirst();
    });
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Replaces a live instrument; bumps its version only when the content changed.
   * `stale` when the stored row is no longer the one the write was made from:
   * `ifContentHash` names the content read before (a decision applied to a
   * record must not overwrite a unit's edit made meanwhile), and a write
   * saying `none` never lifts an exemption decided meanwhile (Art. 11; the
   * unit's own writes keep a decided exemption, see `ownExemptionRecord`, but
   * they read the row before this lock).
   */
  async replace(w: InstrumentWrite, options: { ifContentHash?: string } = {}): Promise<UpsertOutcome | 'missing' | 'stale'> {
    const updated = await this.localWrite((trx) =>
      trx
        .updateTable('instruments')
        .set({ ...instrumentColumns(w), version: sql`version + 1` })
        .where('id', '=', w.id)
        .where('deleted_at', 'is', null)
        .where('content_hash', '<>', w.contentHash)
        .$if(options.ifContentHash !== undefined, (qb) => qb.where('content_hash', '=', options.ifContentHash!))
        .$if(w.input.confidentiality.status === 'none', (qb) => qb.where('confidentiality_status', '<>', 'exempted'))
        .executeTakeFirst(),
    );
    if (Number(updated.numUpdatedRows) === 1) return 'updated';
    const live = await this.db.selectFrom('instruments').select('content_hash').where('id', '=', w.id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!live) return 'missing';
    return live.content_hash === w.contentHash ? 'unchanged' : 'stale';
  }

  /**
   * Idempotent batch upsert keyed by id and content hash: replaying the same
   * rows (a re-import after a crash) changes nothing and bumps no version.
   */
  async upsertMany(writes: InstrumentWrite[]): Promise<Map<string, UpsertOutcome>> {
    const outcomes = new Map<string, UpsertOutcome>();
    if (writes.length === 0) return outcomes;
    await this.localWrite(async (trx) => {
      const replaced = await clearForeignTombstones(trx, writes);
      const rows = await trx
        .insertInto('instruments')
        .values(writes.map((w) => freshColumns(w, replaced)))
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet((eb) => ({
              ...Object.fromEntries(
                Object.keys(instrumentColumns(writes[0]))
                  .filter((c) => c !== 'id')
                  .map((c) => [c, eb.ref(`excluded.${c}` as never)]),
              ),
              deleted_at: null,
              version: sql`instruments.version + 1`,
            }))
            .where((eb) =>
              eb.and([
                SAME_INSTRUMENT,
                NOT_LIFTING_EXEMPTION,
                eb.or([eb('instruments.content_hash', '<>', eb.ref('excluded.content_hash')), eb('instruments.deleted_at', 'is not', null)]),
              ]),
            ),
        )
        .returning(['id', 'version'])
        .execute();
      for (const row of rows) outcomes.set(row.id, Number(row.version) === 1 || replaced.has(row.id) ? 'created' : 'updated');
    });
    for (const w of writes) if (!outcomes.has(w.id)) outcomes.set(w.id, 'unchanged');
    return outcomes;
  }

  async softDelete(id: string): Promise<boolean> {
    const result = await this.localWrite((trx) =>
      trx
        .updateTable('instruments')
        .set({ deleted_at: new Date(), version: sql`version + 1` })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  }

  /** Pages through every live instrument in id order (reclassification). */
  async *scan(batchSize = 500): AsyncGenerator<StoredInstrument[]> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('instruments')
        .selectAll()
        .where('deleted_at', 'is', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(batchSize)
        .execute();
      if (rows.length === 0) return;
      yield rows.map(toStoredInstrument);
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * One page of live instruments in id order with their unit's sector, for the
   * duties other domains check (Art. 13-15): `region` and `unitIds` narrow it.
   */
  async pageWithUnits(
    filter: { region?: string; unitIds?: readonly string[]; ids?: readonly string[] },
    after: string,
    limit: number,
  ): Promise<{ stored: StoredInstrumentWithListing; sector?: string }[]> {
    let query = this.db
      .selectFrom('instruments')
      .leftJoin('units', 'units.id', 'instruments.unit_id')
      .selectAll('instruments')
      .select('units.sector as unit_sector')
      .where('instruments.deleted_at', 'is', null)
      .where('instruments.id', '>', after);
    if (filter.region) query = query.where('instruments.region', '=', filter.region);
    if (filter.unitIds) query = query.where('instruments.unit_id', 'in', filter.unitIds.length > 0 ? [...filter.unitIds] : ['']);
    if (filter.ids) query = query.where('instruments.id', 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
    const rows = await query.orderBy('instruments.id').limit(limit).execute();
    return rows.map(({ unit_sector, ...row }) => ({ stored: toStoredInstrument(row), sector: unit_sector ?? undefined }));
  }

  /**
   * Stores recomputed policy flags, only if the record is still the one they
   * were computed from: a unit that just marked it confidential must not be
   * overwritten by flags of the old content.
   */
  async updateDerivedFlags(id: string, contentHash: string, shareable: boolean, customsGated: boolean): Promise<boolean> {
    const result = await this.localWrite((trx) =>
      trx
        .updateTable('instruments')
        .set({ shareable, customs_gated: customsGated })
        .where('id', '=', id)
        .where('content_hash', '=', contentHash)
        .executeTakeFirst(),
    );
    return Number(result.numUpdatedRows) === 1;
  }
}

export type { Transaction, DB };
