import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { provinceApiDocument } from './generated/province-api-document';
import { pointerToField, provinceSchemas } from './province-schemas';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Every schema object in the document, with its JSON pointer. */
function* schemasIn(node: unknown, at: string): Generator<[string, Record<string, unknown>]> {
  if (Array.isArray(node)) {
    for (const [i, x] of node.entries()) yield* schemasIn(x, `${at}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'object' || 'properties' in o) yield [at, o];
  for (const [k, v] of Object.entries(o)) yield* schemasIn(v, `${at}/${k}`);
}

describe('province contract', () => {
  it('is current: the generated types and document match openapi/province/openapi.yaml', () => {
    // The same check CI runs; here so a forgotten regeneration fails `npm test` too.
    expect(() => execFileSync(process.execPath, ['libs/province-client/scripts/generate.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('closes every object schema (additionalProperties: false)', () => {
    const open = [...schemasIn(provinceApiDocument, '#')].filter(([, s]) => s.additionalProperties !== false).map(([at]) => at);
    expect(open).toEqual([]);
  });

  it('names failing fields the way the gateway does', () => {
    expect(pointerToField('/records/3/date')).toBe('records[3].date');
    expect(pointerToField('/instrument/chargeStandard/tiers/0/fromQuantity')).toBe('instrument.chargeStandard.tiers[0].fromQuantity');
    expect(pointerToField('')).toBe('');
    const violations = provinceSchemas().validate('UsageBatch', { records: [{ recordId: 'r1', date: '2026-02-30', extra: 1 }] }, '(body)');
    expect(violations).toEqual(
      expect.arrayContaining([
        { field: 'records[0].instrumentId', message: 'is required' },
        { field: 'records[0].extra', message: 'is not a known field' },
        { field: 'records[0].date', message: 'must be a real calendar date YYYY-MM-DD' },
      ]),
    );
  });

  it('accepts only confidentiality none', () => {
    const v = provinceSchemas().validate('Instrument', { confidentiality: 'exempted' });
    expect(v).toContainEqual({ field: 'confidentiality', message: 'must be one of "none"' });
  });

  it('checks a change item against the schema its changeType names', () => {
    expect(
      provinceSchemas().validateChange({
        changeType: 'withdraw',
        instrumentId: 'zhejiang:ZJ-1',
        version: 2,
        changedAt: '2026-01-01T00:00:00Z',
        reportedBy: 'zhejiang',
      }),
    ).toEqual([]);
    expect(provinceSchemas().validateChange({ changeType: 'delete' })).toEqual([{ field: 'changeType', message: 'must be one of "upsert", "withdraw"' }]);
    expect(provinceSchemas().validateChange(null)).toHaveLength(1);
  });
});
