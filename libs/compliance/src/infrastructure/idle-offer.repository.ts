import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDb, sql, type Db } from '@app/persistence';

export type IdleOfferKind = 'lease' | 'transfer';

export interface IdleOffer {
  id: string;
  instrumentId: string;
  unitId: string;
  kind: IdleOfferKind;
  terms: string;
  createdBy: string;
  createdAt: Date;
  withdrawnAt?: Date;
}

interface Row {
  id: string;
  instrument_id: string;
  unit_id: string;
  kind: IdleOfferKind;
  terms: string;
  created_by: string;
  created_at: Date;
  withdrawn_at: Date | null;
}

function toOffer(r: Row): IdleOffer {
  return {
    id: r.id,
    instrumentId: r.instrument_id,
    unitId: r.unit_id,
    kind: r.kind,
    terms: r.terms,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at),
    ...(r.withdrawn_at ? { withdrawnAt: new Date(r.withdrawn_at) } : {}),
  };
}

/** The only SQL on compliance_idle_offers. */
@Injectable()
export class IdleOfferRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Inserts an open offer; undefined when the instrument already has one (partial unique index). */
  async insert(offer: Omit<IdleOffer, 'id' | 'withdrawnAt'>): Promise<IdleOffer | undefined> {
    const { rows } = await sql<Row>`
      INSERT INTO compliance_idle_offers (id, instrument_id, unit_id, kind, terms, created_by, created_at)
      VALUES (${randomUUID()}::uuid, ${offer.instrumentId}, ${offer.unitId}, ${offer.kind}, ${offer.terms}, ${offer.createdBy}, ${offer.createdAt}::timestamptz)
      ON CONFLICT (instrument_id) WHERE withdrawn_at IS NULL DO NOTHING
      RETURNING *`.execute(this.db);
    return rows[0] ? toOffer(rows[0]) : undefined;
  }

  async listOpen(limit: number): Promise<IdleOffer[]> {
    const { rows } = await sql<Row>`SELECT * FROM compliance_idle_offers WHERE withdrawn_at IS NULL ORDER BY created_at DESC, id LIMIT ${limit}`.execute(
      this.db,
    );
    return rows.map(toOffer);
  }

  async findById(id: string): Promise<IdleOffer | undefined> {
    const { rows } = await sql<Row>`SELECT * FROM compliance_idle_offers WHERE id = ${id}::uuid`.execute(this.db);
    return rows[0] ? toOffer(rows[0]) : undefined;
  }

  /** Withdraws once; a repeat keeps the first withdrawal's time. */
  async withdraw(id: string, at: Date): Promise<IdleOffer | undefined> {
    await sql`UPDATE compliance_idle_offers SET withdrawn_at = ${at}::timestamptz WHERE id = ${id}::uuid AND withdrawn_at IS NULL`.execute(this.db);
    return this.findById(id);
  }
}
