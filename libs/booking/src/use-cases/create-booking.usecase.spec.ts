import { DomainError, FixedClock } from '@app/common';
import type { AppConfig } from '@app/config';
import { CreateBookingUseCase } from './create-booking.usecase';

/** The in-process half of "a request with this key is in flight → 409" (the database lock covers other replicas). */
describe('CreateBookingUseCase with a key in flight', () => {
  it('answers 409 to a second request with the same key while the first is being processed, and not after', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const instrument = {
      id: 'jiaxing:SEM-1',
      sourcePlatform: 'local',
      unitId: 'jx-u001',
      fee: undefined,
      dutyFreeImport: undefined,
      requiresOwnerApproval: false,
    };
    const stored = { id: 'b-1', status: 'confirmed', requestHash: '' };
    const bookings = {
      byKey: jest.fn().mockResolvedValue(undefined),
      insert: jest.fn().mockImplementation(async (n: { requestHash: string }) => ({ kind: 'created', booking: { ...stored, requestHash: n.requestHash } })),
    };
    const instruments = {
      execute: jest.fn().mockImplementation(async () => (await gate, { facts: instrument, stamp: { version: 1, contentHash: 'h', shareable: true } })),
    };
    const useCase = new CreateBookingUseCase(
      bookings as any,
      instruments as any,
      { execute: jest.fn() } as any,
      {} as any,
      { dispatch: jest.fn() } as any,
      new FixedClock(new Date('2026-11-29T04:00:00Z')),
      { booking: { forwardTimeoutMs: 60_000 } } as AppConfig,
      { limitsFor: jest.fn().mockReturnValue({ maxByRequester: 10 }) } as any,
    );
    const body = { instrumentId: 'jiaxing:SEM-1', start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T10:00:00+08:00', purpose: 'SEM' };
    const requester = { kind: 'user' as const, sub: 'alice', unitId: 'jx-u002' };

    const first = useCase.execute(body, 'same-key-0001', requester);
    const second = await useCase.execute(body, 'same-key-0001', requester).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(DomainError);
    expect(second).toMatchObject({ code: 'REQUEST_IN_FLIGHT', message: expect.stringContaining('in flight') });
    // Another key of the same user is not held up.
    const other = useCase.execute(body, 'other-key-0002', requester);
    release();
    await expect(first).resolves.toMatchObject({ replayed: false, booking: { id: 'b-1' } });
    await expect(other).resolves.toMatchObject({ replayed: false });
    // Once the first is over, the key is free again (here the store has no record of it, so it is processed anew).
    await expect(useCase.execute(body, 'same-key-0001', requester)).resolves.toMatchObject({ replayed: false });
  });
});
