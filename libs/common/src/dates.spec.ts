import { formatCalendarDate, isCalendarDate, isRepresentableInstant, parseCalendarDate, parseInstant } from '@app/common';

const instant = (text: string) => {
  const parsed = parseInstant(text);
  return parsed.ok ? parsed.value.toISOString() : null;
};

describe('parseInstant: validated, never moved', () => {
  it.each([
    ['2027-02-28T10:00:00Z', '2027-02-28T10:00:00.000Z'],
    ['2028-02-29T10:00:00Z', '2028-02-29T10:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2026-12-01T09:00+08:00', '2026-12-01T01:00:00.000Z'],
    ['2026-12-01T09:00:00.5+08:00', '2026-12-01T01:00:00.500Z'],
    ['2026-12-31T23:59:59.999Z', '2026-12-31T23:59:59.999Z'],
    ['2026-12-01T00:00:00+14:00', '2026-11-30T10:00:00.000Z'],
    ['2026-12-01T00:00:00-12:00', '2026-12-01T12:00:00.000Z'],
    ['2026-12-01T00:00:00+05:45', '2026-11-30T18:15:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['0099-06-01T00:00:00Z', '0099-06-01T00:00:00.000Z'],
  ])('%s → %s', (text, expected) => expect(instant(text)).toBe(expected));

  it.each([
    ['2027-02-30T10:00:00Z', 'no day 30'],
    ['2027-02-29T10:00:00Z', 'no day 29'],
    ['1900-02-29T10:00:00Z', 'no day 29'],
    ['2027-04-31T10:00:00Z', 'no day 31'],
    ['2027-13-01T10:00:00Z', 'month 13'],
    ['2027-00-10T10:00:00Z', 'month 00'],
    ['2027-01-00T10:00:00Z', 'no day 00'],
    ['0000-01-01T00:00:00Z', 'year 0000'],
    ['2027-01-01T24:00:00Z', '24:00'],
    ['2027-01-01T23:60:00Z', '24:00'],
    ['2027-12-31T23:59:60Z', 'leap second'],
    ['2027-01-01T10:00:00+23:59', '±14:00'],
    ['2027-01-01T10:00:00+14:01', '±14:00'],
    ['2027-01-01T10:00:00+08:60', 'minutes'],
    ['2027-01-01T10:00:00-15:00', '±14:00'],
    ['2027-01-01T10:00:00', 'with an offset'],
    ['2027-01-01 10:00:00Z', 'with an offset'],
    ['2027-1-01T10:00:00Z', 'with an offset'],
    ['2027-01-01T10:00:00.1234Z', 'with an offset'],
    ['2027-01-01T10:00:00+0800', 'with an offset'],
    ['+002027-01-01T10:00:00Z', 'with an offset'],
    ['1767225600000', 'with an offset'],
    ['', 'with an offset'],
  ])('%s is refused (%s)', (text, why) => {
    const parsed = parseInstant(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(why);
  });

  it.each([[undefined], [null], [1767225600000], [new Date('2027-01-01T00:00:00Z')]])('refuses a non-string %p', (value) => {
    expect(parseInstant(value).ok).toBe(false);
  });
});

describe('parseCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-06-31', false],
    ['2025-12-31', true],
    ['2025-13-01', false],
    ['2025-00-01', false],
    ['2025-01-00', false],
    ['0000-01-01', false],
    ['2025-1-01', false],
    ['2025-01-01T00:00:00Z', false],
    [' 2025-01-01', false],
  ])('%s → %s', (text, ok) => {
    expect(parseCalendarDate(text).ok).toBe(ok);
    expect(isCalendarDate(text)).toBe(ok);
  });

  it('formats only real dates', () => {
    expect(formatCalendarDate(2027, 2, 30)).toBeNull();
    expect(formatCalendarDate(2028, 2, 29)).toBe('2028-02-29');
    expect(formatCalendarDate(10_000, 1, 1)).toBeNull();
  });
});

describe('isRepresentableInstant (decoded gRPC Timestamps)', () => {
  it.each([
    [new Date('2027-01-01T00:00:00Z'), true],
    [new Date(Number.NaN), false],
    [new Date(-62_135_596_800_001), false],
    [new Date(253_402_300_800_000), false],
  ])('%p → %s', (value, ok) => expect(isRepresentableInstant(value)).toBe(ok));
});
