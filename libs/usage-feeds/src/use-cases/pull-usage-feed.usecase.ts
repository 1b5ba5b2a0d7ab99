import { Inject, Injectable, Logger } from '@nestjs/common';
import { status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { BookingFactsUseCase } from '@app/booking';
import { GetUnitUseCase, InstrumentFactsUseCase, type InstrumentFacts } from '@app/catalog';
import { APP_CONFIG, type AppConfig, type PartnerConfig } from '@app/config';
import type { UsageRecord } from '@app/contracts';
import {
  createProvinceClient,
  fromProvinceSession,
  isProvinceApiError,
  type ProvinceClient,
  type ProvinceUsageSession,
  type InvalidProvinceItem,
} from '@app/province-client';
import { RecordUsageSessionUseCase, type UsageSessionInput } from '@app/usage';
import { PartnerUsageClient } from '../clients/partner-usage.client';
import { bookingIdOfKey, partnerRecordToSession, provinceSessionToSession, rejectionOf, type FeedSource, type Mapped } from '../domain/feed-records';
import { UsageFeedRepository, type FeedRejection } from '../infrastructure/usage-feed.repository';

/** Records asked for per ListUsage call / provincial page. */
const PAGE = 500;

/** `busy`: another run (here or in another process) is pulling this feed. */
export type UsageFeedOutcome = 'synced' | 'busy' | 'failed' | 'unknown_source';

/** The feed a configured partner speaks: the province's over OpenAPI, any other's over gRPC. */
export function feedSourceOf(partner: Pick<PartnerConfig, 'id' | 'protocol' | 'region'>): FeedSource | undefined {
  if (partner.protocol === 'grpc') return `partner:${partner.id}`;
  return partner.region === 'zhejiang' ? 'province' : undefined;
}

/**
 * One incremental pull of a usage feed, from its stored cursor to the end:
 * each page's sessions are stored first (idempotent by source key and
 * version), then the page's cursor with its counters and rejections. A crash
 * in between replays the page and counts nothing twice; a failure keeps the
 * cursor, and the next scheduled pull resumes there.
 */
@Injectable()
export class PullUsageFeedUseCase {
  private readonly logger = new Logger('usage-feeds');
  private readonly partnerClients = new Map<string, PartnerUsageClient>();
  private readonly provinceClients = new Map<string, ProvinceClient>();

  constructor(
    private readonly feeds: UsageFeedRepository,
    private readonly record: RecordUsageSessionUseCase,
    private readonly bookings: BookingFactsUseCase,
    private readonly instruments: InstrumentFactsUseCase,
    private readonly units: GetUnitUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(sourceId: string): Promise<UsageFeedOutcome> {
    const partner = this.config.partners.find((p) => p.id === sourceId);
    const source = partner && feedSourceOf(partner);
    if (!partner || !source) return 'unknown_source';
    try {
      const outcome = await this.feeds.withSourceLock(source, async () => {
        await this.feeds.markAttempt(source);
        // The cursor is read under the lock: the last one committed.
        const cursor = (await this.feeds.position(source))?.cursor ?? null;
        if (source === 'province') await this.pullProvince(partner, cursor);
        else await this.pullPartner(partner, source, cursor ?? '');
        await this.feeds.markSuccess(source);
        return 'synced' as const;
      });
      return outcome ?? 'busy';
    } catch (error) {
      // The feed's health is read beyond the operators: it says what kind of failure, the log says the rest.
      await this.feeds.markFailure(source, failureOf(error));
      this.logger.warn(`usage feed ${source} failed: ${error instanceof Error ? error.message : String(error)}`);
      return 'failed';
    }
  }

  private async pullPartner(partner: PartnerConfig, source: FeedSource, start: string): Promise<void> {
    let client = this.partnerClients.get(partner.id);
    if (!client) this.partnerClients.set(partner.id, (client = new PartnerUsageClient(partner)));
    let cursor = start;
    // usage.proto: page until a call streams no record.
    for (;;) {
      const records = await client.listUsage(cursor, PAGE);
      if (records.length === 0) return;
      const [bookings, copies] = await Promise.all([
        this.bookings.execute(records.flatMap((r) => bookingIdOfKey(r.idempotencyKey) ?? [])),
        this.instruments.execute(records.map((r) => r.instrumentId)),
      ]);
      const mapped = records.map((r) => ({
        key: r.sessionId,
        instrumentId: r.instrumentId,
        version: safeVersion(r),
        mapped: partnerRecordToSession(r, partner, bookings.get(bookingIdOfKey(r.idempotencyKey) ?? ''), copyOf(copies.get(r.instrumentId))),
      }));
      cursor = records[records.length - 1].cursor;
      await this.applyPage(source, mapped, [], cursor);
    }
  }

  private async pullProvince(partner: PartnerConfig, start: string | null): Promise<void> {
    let client = this.provinceClients.get(partner.id);
    if (!client) {
      client = createProvinceClient({ baseUrl: partner.address.replace(/\/+$/, ''), token: partner.outboundToken, timeoutMs: partner.deadlineMs });
      this.provinceClients.set(partner.id, client);
    }
    try {
      await this.provincePages(client, start);
    } catch (error) {
      // The province rebuilt its history (410 CURSOR_EXPIRED): start over; replays change nothing.
      if (start === null || !isProvinceApiError(error) || error.status !== 410 || error.code !== 'CURSOR_EXPIRED') throw error;
      this.logger.warn('province usage cursor expired: pulling the usage feed again from the beginning');
      await this.feeds.advance('province', null, { stored: 0, corrected: 0 }, []);
      await this.provincePages(client, null);
    }
  }

  private async provincePages(client: ProvinceClient, start: string | null): Promise<void> {
    for await (const page of client.usageSessions(start ?? undefined, { limit: PAGE })) {
      const sessions = page.items.map((s: ProvinceUsageSession) => fromProvinceSession(s));
      const copies = await this.instruments.execute(sessions.map((s) => s.instrumentId));
      const mapped = [];
      for (const s of sessions) {
        const unitId = s.requester.kind === 'unit' ? s.requester.unitId : undefined;
        const ours = unitId ? (await this.units.execute(unitId))?.region === 'jiaxing' : false;
        mapped.push({
          key: s.sourceKey,
          instrumentId: s.instrumentId,
          version: s.version,
          mapped: provinceSessionToSession(s, copyOf(copies.get(s.instrumentId)), ours),
        });
      }
      await this.applyPage('province', mapped, page.invalid.map(invalidItem), page.nextCursor);
    }
  }

  /** Stores a page's sessions, then moves the cursor past them (with counters and rejections) in one transaction. */
  private async applyPage(
    source: FeedSource,
    records: { key: string; instrumentId: string; version?: number; mapped: Mapped }[],
    invalid: FeedRejection[],
    cursor: string,
  ): Promise<void> {
    const counts = { stored: 0, corrected: 0 };
    const rejected: FeedRejection[] = [...invalid];
    for (const r of records) {
      // Sessions stored before this one replay idempotently once the catalog has the instrument.
      if (!r.mapped.ok && r.mapped.retry) throw new WaitingForCatalog(r.mapped.reason);
      if (!r.mapped.ok) {
        rejected.push({ sourceKey: r.key, instrumentId: r.instrumentId, version: r.version, reason: r.mapped.reason });
        continue;
      }
      const outcome = await this.store(r.mapped.input);
      if (typeof outcome === 'string') rejected.push({ sourceKey: r.key, instrumentId: r.instrumentId, version: r.version, reason: outcome });
      else if (outcome.kind !== 'unchanged') counts[outcome.kind]++;
    }
    await this.feeds.advance(source, cursor, counts, rejected);
  }

  /** A session the usage rules refuse is a rejected record (its reason); anything else fails the pull. */
  private async store(input: UsageSessionInput): Promise<{ kind: 'stored' | 'corrected' | 'unchanged' } | string> {
    try {
      const before = await this.record.bySource(input.source, input.sourceKey);
      const { session, created } = await this.record.execute(input);
      return { kind: created ? 'stored' : before && session.version > before.version ? 'corrected' : 'unchanged' };
    } catch (error) {
      const reason = rejectionOf(error);
      if (reason === undefined) throw error;
      return reason;
    }
  }
}

function copyOf(facts: InstrumentFacts | undefined) {
  return facts && { region: facts.region, unitId: facts.unitId, categoryCode: facts.categoryCode };
}

function safeVersion(r: UsageRecord): number | undefined {
  const v = Number(r.version);
  return Number.isSafeInteger(v) ? v : undefined;
}

function invalidItem(i: InvalidProvinceItem): FeedRejection {
  return {
    sourceKey: i.id ?? `#${i.index}`,
    instrumentId: i.instrumentId,
    version: i.version,
    reason: `breaks the provincial contract: ${i.violations
      .map((v) => `${v.field}: ${v.message}`)
      .join('; ')
      .slice(0, 400)}`,
  };
}

/** A record whose instrument our catalog copy does not hold yet: the pull stops before it and retries. */
class WaitingForCatalog extends Error {}

/**
 * What `lastError` says: a stable code and sentence, never the text of the
 * error itself (a database error names rows, a partner's error text is its own).
 */
function failureOf(error: unknown): string {
  if (error instanceof WaitingForCatalog) return `WAITING_FOR_CATALOG: ${error.message}`;
  const e = error as Partial<ServiceError>;
  if (typeof e?.code === 'number' && typeof e.details === 'string')
    return `PARTNER_ERROR: the partner answered gRPC ${e.code} ${GrpcStatus[e.code] ?? ''}`.trim();
  if (isProvinceApiError(error))
    return `PROVINCE_ERROR: the province's ${error.operation} failed (${error.kind}${error.status ? ` HTTP ${error.status}` : ''}${error.code ? ` ${error.code}` : ''})`;
  return 'INTERNAL: the pull failed on our side; the gateway log has the details';
}
