import { Inject, Injectable } from '@nestjs/common';
import { InstrumentFactsUseCase } from '@app/catalog';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { BookingRepository } from '../infrastructure/booking.repository';

/** Confirmed bookings between two regions in one China month (YYYY-MM): counts and booked hours only. */
export interface BookingFlow {
  /** Our users book from Jiaxing; a partner's users from the partner's region (`unknown` for a partner no longer configured). */
  requesterRegion: string;
  /** The owning instrument's region. */
  ownerRegion: string;
  month: string;
  bookings: number;
  confirmedSeconds: number;
}

/**
 * Cross-region demand as the bookings show it (the monitoring's flow matrix):
 * bookings that were confirmed (confirmed, completed or no-show) whose window starts in the period, by requesting region
 * × owning region × month. The requesting region of one of our users is
 * Jiaxing; of a partner's requester, that partner's configured region (its
 * own word about its users is not needed, nor kept in the answer).
 */
@Injectable()
export class BookingFlowsUseCase {
  constructor(
    private readonly bookings: BookingRepository,
    private readonly instruments: InstrumentFactsUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(from: string, to: string, excludedInstrumentIds: readonly string[]): Promise<BookingFlow[]> {
    const regionOf = new Map(this.config.partners.map((p) => [p.id, p.region as string]));
    const merged = new Map<string, BookingFlow>();
    const rows = await this.bookings.confirmedFlows(from, to, excludedInstrumentIds);
    const facts = await this.instruments.execute(rows.map((r) => r.instrument_id));
    for (const r of rows) {
      const ownerRegion = facts.get(r.instrument_id)?.region;
      if (ownerRegion === undefined) continue;
      const requesterRegion = r.requester_kind === 'user' ? this.config.region : (regionOf.get(r.requester_partner ?? '') ?? 'unknown');
      const key = `${requesterRegion}|${ownerRegion}|${r.month}`;
      const flow = merged.get(key) ?? { requesterRegion, ownerRegion, month: r.month, bookings: 0, confirmedSeconds: 0 };
      flow.bookings += r.bookings;
      flow.confirmedSeconds += Number(r.seconds);
      merged.set(key, flow);
    }
    return [...merged.values()];
  }
}
