import { Injectable } from '@nestjs/common';
import { InjectDb, sql, type Db, type Selectable, type UnitsTable } from '@app/persistence';
import type { Region } from '@app/common';
import type { ManagementUnit } from '../domain/instrument';

function toUnit(r: Selectable<UnitsTable>): ManagementUnit {
  return {
    id: r.id,
    name: r.name,
    nameEn: r.name_en ?? undefined,
    region: r.region as Region,
    city: r.city,
    kind: r.kind as ManagementUnit['kind'],
    sector: r.sector as ManagementUnit['sector'],
  };
}

@Injectable()
export class UnitRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  async list(filter: { region?: string } = {}): Promise<ManagementUnit[]> {
    let query = this.db.selectFrom('units').selectAll().orderBy('id');
    if (filter.region) query = query.where('region', '=', filter.region);
    return (await query.execute()).map(toUnit);
  }

  async findById(id: string): Promise<ManagementUnit | undefined> {
    const row = await this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUnit(row) : undefined;
  }

  /** Units by id (ids may repeat; unknown ones are absent). */
  async byIds(ids: readonly string[]): Promise<Map<string, ManagementUnit>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.selectFrom('units').selectAll().where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, toUnit(r)]));
  }

  async existing(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.selectFrom('units').select('id').where('id', 'in', ids).execute();
    return new Set(rows.map((r) => r.id));
  }

  async upsertMany(units: ManagementUnit[]): Promise<void> {
    if (units.length === 0) return;
    await this.db
      .insertInto('units')
      .values(units.map((u) => ({ id: u.id, name: u.name, name_en: u.nameEn ?? null, region: u.region, city: u.city, kind: u.kind, sector: u.sector })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          name_en: eb.ref('excluded.name_en'),
          region: eb.ref('excluded.region'),
          city: eb.ref('excluded.city'),
          kind: eb.ref('excluded.kind'),
          sector: eb.ref('excluded.sector'),
          updated_at: sql`now()`,
        })),
      )
      .execute();
  }
}
