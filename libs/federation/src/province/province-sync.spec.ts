import { prepareInstrument, type InstrumentInput, type ManagementUnit, type PartnerFeedEntry } from '@app/catalog';
import { instrumentId } from '@app/common';
import { ProvinceApiError, toProvinceInstrument, type ProvinceChange, type ProvinceChangesPage, type ProvinceUpsertChange } from '@app/province-client';
import { generateCatalog } from '@app/seed';
import { preferKnownUnits, provincePageToBatch, PROVINCE_UNIT_UNSPECIFIED } from './province-inbound';
import { planPush } from './province-outbound';
import { breakerAfter } from '../domain/circuit-breaker';
import { classifyFailure } from './province-failure';

const zhejiang = generateCatalog({ region: 'zhejiang', count: 40, seed: 9 });
const shareable = zhejiang.instruments.filter((i) => i.confidentiality.status === 'none');
const ctx = { sourceId: 'zhejiang', region: 'zhejiang' as const, asOf: '2026-11-29' };

function upsert(input: InstrumentInput, overrides: Partial<ProvinceUpsertChange> = {}): ProvinceUpsertChange {
  return {
    changeType: 'upsert',
    instrumentId: `zhejiang:${input.localId}`,
    version: 3,
    changedAt: '2026-11-01T09:00:00+08:00',
    reportedBy: 'zhejiang',
    listedOn: '2026-10-30',
    instrument: toProvinceInstrument(input, { ownerUnitName: '浙江大学' }),
    ...overrides,
  };
}

function page(items: ProvinceChange[], invalid: ProvinceChangesPage['invalid'] = []): ProvinceChangesPage {
  return { items, invalid, nextCursor: 'abc', hasMore: false };
}

describe('province pull: a page of the change feed as a batch', () => {
  it("imports the province's own records with a neutral unit and the province's listing date", () => {
    const [a] = shareable;
    const { batch, seen, skippedForeign } = provincePageToBatch(page([upsert(a)]), ctx);
    expect(skippedForeign).toBe(0);
    expect(seen).toEqual([`zhejiang:${a.localId}`]);
    expect(batch.cursor).toBe('abc');
    expect(batch.invalid).toEqual([]);
    expect(batch.upserts).toHaveLength(1);
    const [u] = batch.upserts;
    expect(u.version).toBe(3n);
    expect(u.write).toMatchObject({
      id: `zhejiang:${a.localId}`,
      region: 'zhejiang',
      sourcePlatform: 'zhejiang',
      input: { localId: a.localId, provincialJoinDate: '2026-10-30' },
    });
    expect(u.unit).toEqual({
      id: a.unitId,
      name: '浙江大学',
      region: 'zhejiang',
      city: a.city,
      kind: PROVINCE_UNIT_UNSPECIFIED,
      sector: PROVINCE_UNIT_UNSPECIFIED,
    });
  });

  it('skips records other platforms reported, our own pushes first of all', () => {
    const [a, b] = shareable;
    const ours = upsert({ ...b, localId: 'JX-1' }, { instrumentId: 'jiaxing:JX-1', reportedBy: 'jiaxing' });
    const withdrawn: ProvinceChange = {
      changeType: 'withdraw',
      instrumentId: 'jiaxing:JX-2',
      version: 4,
      changedAt: '2026-11-01T09:00:00+08:00',
      reportedBy: 'jiaxing',
    };
    const { batch, skippedForeign } = provincePageToBatch(page([ours, withdrawn, upsert(a)]), ctx);
    expect(skippedForeign).toBe(2);
    expect(batch.upserts.map((u) => u.write.id)).toEqual([`zhejiang:${a.localId}`]);
    expect(batch.removals).toEqual([]);
  });

  it('turns withdrawals into version-guarded removals', () => {
    const w: ProvinceChange = {
      changeType: 'withdraw',
      instrumentId: 'zhejiang:ZJ-9',
      version: 7,
      changedAt: '2026-11-01T09:00:00+08:00',
      reportedBy: 'zhejiang',
    };
    const { batch, seen } = provincePageToBatch(page([w]), ctx);
    expect(batch.removals).toEqual([{ id: 'zhejiang:ZJ-9', version: 7n }]);
    expect(seen).toEqual([]);
  });

  it('lists invalid records with their reason and keeps the rest of the page', () => {
    const [a, b, c] = shareable;
    const wrongRegion = upsert(b, { instrumentId: `shanghai:${b.localId}` });
    const badCategory = upsert({ ...c, categoryCode: '9999' });
    const invalid = [
      {
        index: 3,
        instrumentId: 'zhejiang:ZJ-BAD',
        version: 0,
        violations: [{ field: 'version', message: 'must be >= 1' }],
        raw: { instrumentId: 'zhejiang:ZJ-BAD', version: 0, reportedBy: 'zhejiang', changeType: 'upsert' },
      },
    ];
    const { batch, seen } = provincePageToBatch(page([upsert(a), wrongRegion, badCategory], invalid), ctx);
    expect(batch.upserts.map((u) => u.write.id)).toEqual([`zhejiang:${a.localId}`]);
    expect(batch.invalid).toEqual([
      { id: `shanghai:${b.localId}`, version: 3n, reason: expect.stringMatching(/^instrumentId: must be zhejiang:<localId>/) },
      { id: `zhejiang:${c.localId}`, version: 3n, reason: expect.stringMatching(/categoryCode/) },
      { id: 'zhejiang:ZJ-BAD', version: 0n, reason: 'version: must be >= 1' },
    ]);
    // Records that failed validation keep the copy we hold after a full pull.
    expect(seen).toEqual(expect.arrayContaining([`zhejiang:${c.localId}`, 'zhejiang:ZJ-BAD']));
  });

  it('drops and counts records that say they are confidential, removing our copy', () => {
    const raw = { ...upsert(shareable[0]), instrument: { ...upsert(shareable[0]).instrument, confidentiality: 'confidential' } };
    const invalid = [
      { index: 0, instrumentId: raw.instrumentId, version: 5, violations: [{ field: 'instrument.confidentiality', message: 'must be one of "none"' }], raw },
    ];
    const { batch } = provincePageToBatch(page([], invalid), ctx);
    expect(batch.droppedConfidential).toBe(1);
    expect(batch.removals).toEqual([{ id: raw.instrumentId, version: 5n }]);
    expect(batch.invalid).toEqual([]);
  });

  it('keeps what we know about a unit instead of the neutral value', () => {
    const [a] = shareable;
    const known: ManagementUnit = { ...zhejiang.units.find((u) => u.id === a.unitId)! };
    const { batch } = provincePageToBatch(page([upsert(a)]), ctx);
    preferKnownUnits(batch, new Map([[known.id, known]]));
    expect(batch.upserts[0].unit).toEqual(known);
    const neutral = { ...known, kind: PROVINCE_UNIT_UNSPECIFIED, sector: PROVINCE_UNIT_UNSPECIFIED } as unknown as ManagementUnit;
    const again = provincePageToBatch(page([upsert(a)]), ctx).batch;
    preferKnownUnits(again, new Map([[known.id, { ...neutral, name: 'old name' }]]));
    expect(again.upserts[0].unit.name).toBe('浙江大学');
  });
});

describe('province push: what one of our changes means for the province', () => {
  const jiaxing = generateCatalog({ region: 'jiaxing', count: 80, seed: 4 });
  const entry = (input: InstrumentInput, extra: { deleted?: boolean; announcedVersion?: number; version?: number } = {}): PartnerFeedEntry => {
    const prepared = prepareInstrument(input, { region: 'jiaxing', sourcePlatform: 'local', asOf: '2026-11-29' });
    return {
      stored: {
        instrument: {
          ...input,
          id: prepared.id,
          region: 'jiaxing',
          sourcePlatform: 'local',
          version: extra.version ?? 2,
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
        },
        supervisionEnds: prepared.supervisionEnds,
        shareable: prepared.shareable,
        customsGated: prepared.customsGated,
        changeSeq: '10',
        contentHash: prepared.contentHash,
      },
      unit: jiaxing.units.find((u) => u.id === input.unitId),
      deleted: extra.deleted ?? false,
      position: 10n,
      announcedVersion: extra.announcedVersion ?? extra.version ?? 2,
    };
  };
  const open = jiaxing.instruments.find((i) => i.confidentiality.status === 'none')!;
  const secret = jiaxing.instruments.find((i) => i.confidentiality.status === 'confidential')!;

  it("upserts a shareable instrument with its version and its unit's name", () => {
    const step = planPush(entry(open, { version: 5 }));
    expect(step).toMatchObject({
      kind: 'upsert',
      id: instrumentId('jiaxing', open.unitId, open.localId),
      version: 5,
      body: { version: 5, instrument: { confidentiality: 'none', ownerUnitCode: open.unitId } },
    });
    if (step.kind === 'upsert') expect(step.body.instrument.ownerUnitName).toBe(jiaxing.units.find((u) => u.id === open.unitId)!.name);
  });

  it('withdraws one that was shared and then became confidential or was deleted, at the version that removed it', () => {
    expect(planPush(entry(secret, { version: 6 }))).toEqual({ kind: 'withdraw', id: instrumentId('jiaxing', secret.unitId, secret.localId), version: 6 });
    expect(planPush(entry(open, { deleted: true, version: 7 }))).toEqual({
      kind: 'withdraw',
      id: instrumentId('jiaxing', open.unitId, open.localId),
      version: 7,
    });
    // Hidden edits after it was hidden at version 3 moved it to 9: the province still hears 3, as for a withdrawal.
    expect(planPush(entry(secret, { version: 9, announcedVersion: 3 }))).toEqual({
      kind: 'withdraw',
      id: instrumentId('jiaxing', secret.unitId, secret.localId),
      version: 3,
    });
  });

  it("refuses to send a record marked shareable whose confidentiality is not none (the mapping's assertion)", () => {
    const inconsistent = entry(open);
    inconsistent.stored = { ...inconsistent.stored, instrument: { ...inconsistent.stored.instrument, confidentiality: { status: 'exempted' } } };
    const step = planPush(inconsistent);
    expect(step.kind).toBe('withdraw');
    expect(step).toMatchObject({ refused: expect.stringMatching(/exempted.*never sent/) });
  });
});

describe('province failures: transient or permanent', () => {
  const now = new Date('2026-11-29T04:00:00Z');
  const http = (status: number, retryAfterMs?: number) =>
    new ProvinceApiError({ operation: 'listInstrumentChanges', kind: 'http', status, retryAfterMs }, `province listInstrumentChanges: HTTP ${status}`);

  it('says which and why', () => {
    expect(classifyFailure(http(503))).toMatchObject({ transient: true, reason: expect.stringMatching(/HTTP 503.*transient/) });
    expect(classifyFailure(http(401))).toMatchObject({ transient: false, reason: expect.stringMatching(/HTTP 401.*permanent/) });
  });

  it('opens the circuit after the threshold for transient failures, at once for permanent ones', () => {
    expect(breakerAfter({ consecutiveFailures: 0 }, classifyFailure(http(503)), now).openUntil).toBeUndefined();
    expect(breakerAfter({ consecutiveFailures: 2 }, classifyFailure(http(503)), now).openUntil).toBeDefined();
    expect(breakerAfter({ consecutiveFailures: 0 }, classifyFailure(http(401)), now).openUntil).toBeDefined();
  });

  it('honours Retry-After', () => {
    const next = breakerAfter({ consecutiveFailures: 0 }, classifyFailure(http(429, 120_000)), now);
    expect(next.openUntil?.getTime()).toBe(now.getTime() + 120_000);
  });
});
