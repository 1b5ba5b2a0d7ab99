import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, DEMO_DEFAULTS, loadConfig } from '@app/config';
import { DEMO_IOT_GATEWAY_TOKEN_SHA256 } from './published-demo-values';

const REPO = path.resolve(__dirname, '../../..');
const DEMO_GATEWAYS = path.join(REPO, 'config/demo/iot-gateways.json');
const SECRETS = { AUTH_JWT_SECRET: randomBytes(24).toString('base64url'), BOOKING_PSEUDONYM_KEY: randomBytes(24).toString('base64url') };
const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
const refusal = (variable: string) => new RegExp(`^Invalid configuration: ${variable} `);

describe('measures effective date (MEASURES_EFFECTIVE_DATE, Art. 24)', () => {
  it('is 2025-01-01 unless set', () => {
    expect(loadConfig(SECRETS).measures).toEqual({ effectiveDate: '2025-01-01' });
    expect(loadConfig({ ...SECRETS, MEASURES_EFFECTIVE_DATE: '2025-07-01' }).measures.effectiveDate).toBe('2025-07-01');
  });

  it.each(['2025-02-29', '2025-1-1', '01/01/2025', '2025-01-01T00:00:00Z', 'soon'])('stops start-up on %s', (value) => {
    expect(() => loadConfig({ ...SECRETS, MEASURES_EFFECTIVE_DATE: value })).toThrow(refusal('MEASURES_EFFECTIVE_DATE'));
  });
});

describe('rated hours (USAGE_RATED_HOURS, USAGE_RATED_HOURS_BY_CATEGORY)', () => {
  it('rates 1,600 hours a year with no category overrides by default', () => {
    expect(loadConfig(SECRETS).usage).toEqual({ ratedHours: 1600, ratedHoursByCategory: {}, iotGateways: [] });
  });

  it('takes hours a year and overrides per category code prefix', () => {
    const usage = loadConfig({ ...SECRETS, USAGE_RATED_HOURS: '1800.5', USAGE_RATED_HOURS_BY_CATEGORY: '{"0301": 2000, "03": 1700, "1": 8784}' }).usage;
    expect(usage.ratedHours).toBe(1800.5);
    expect(usage.ratedHoursByCategory).toEqual({ '0301': 2000, '03': 1700, '1': 8784 });
  });

  it.each(['0', '-5', '8785', 'many', '1e3', ' 1600'])('stops start-up on USAGE_RATED_HOURS=%s', (value) => {
    expect(() => loadConfig({ ...SECRETS, USAGE_RATED_HOURS: value })).toThrow(refusal('USAGE_RATED_HOURS'));
  });

  it.each([
    ['not JSON', '{0301: 2000}'],
    ['an array', '[2000]'],
    ['a category name instead of a code', '{"电子光学仪器": 2000}'],
    ['a prefix longer than a sub-class code', '{"03011": 2000}'],
    ['hours as a string', '{"0301": "2000"}'],
    ['zero hours', '{"0301": 0}'],
    ['more hours than a leap year has', '{"0301": 9000}'],
  ])('stops start-up on %s in USAGE_RATED_HOURS_BY_CATEGORY', (_case, value) => {
    expect(() => loadConfig({ ...SECRETS, USAGE_RATED_HOURS_BY_CATEGORY: value })).toThrow(refusal('USAGE_RATED_HOURS_BY_CATEGORY'));
  });
});

describe('IoT gateways file (IOT_GATEWAYS_FILE)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iot-gateways-'));
  const write = (content: unknown) => {
    const file = path.join(dir, `g-${randomBytes(4).toString('hex')}.json`);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const token = randomBytes(16).toString('hex');
  const lab = { id: 'jx-u007-lab', unitIds: ['jx-u007', 'jx-u008'], tokenSha256: digest(token) };

  it('loads gateways with their units and token digests', () => {
    expect(loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: write([lab]) }).usage.iotGateways).toEqual([lab]);
    // Digests compare in lower case, however the file writes them.
    expect(
      loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: write([{ ...lab, tokenSha256: lab.tokenSha256.toUpperCase() }]) }).usage.iotGateways[0].tokenSha256,
    ).toBe(lab.tokenSha256);
  });

  it.each([
    ['not JSON', '[', /readable JSON file/],
    ['not an array', { gateways: [] }, /JSON array/],
    ['a missing file', null, /readable JSON file/],
    ['a duplicate id', [lab, { ...lab, tokenSha256: digest('other') }], /entry 1 \(jx-u007-lab\) field id must be unique/],
    ['an id with capitals', [{ ...lab, id: 'Lab' }], /field id/],
    ['no units', [{ ...lab, unitIds: [] }], /field unitIds must be a non-empty array/],
    ['a unit id that is not one', [{ ...lab, unitIds: ['jx.u007'] }], /field unitIds must hold unit ids/],
    ['the token instead of its digest', [{ ...lab, tokenSha256: token }], /field tokenSha256 must be the SHA-256/],
    ['a token another gateway holds', [lab, { ...lab, id: 'other' }], /entry 1 \(other\) field tokenSha256 must differ/],
    ['a misspelt field', [{ id: lab.id, unitId: ['jx-u007'], tokenSha256: lab.tokenSha256 }], /field unitId is not a field of a gateway/],
  ])('stops start-up on %s, naming the entry and field', (_case, content, message) => {
    const file = content === null ? path.join(dir, 'absent.json') : write(content);
    expect(() => loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: file })).toThrow(ConfigError);
    expect(() => loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: file })).toThrow(message);
  });

  it("refuses the demo gateways' tokens outside the demo, even copied into another file, and accepts them in the demo on loopback", () => {
    expect(() => loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: DEMO_GATEWAYS })).toThrow(/^Invalid configuration: IOT_GATEWAYS_FILE .*published demo value/);
    const copy = write([{ ...lab, tokenSha256: digest('demo-iot-jx-u002-token') }]);
    expect(() =>
      loadConfig({ ...SECRETS, NODE_ENV: 'production', DATABASE_URL: 'postgres://db/yrd', GRPC_ALLOW_INSECURE: 'true', IOT_GATEWAYS_FILE: copy }),
    ).toThrow(/IOT_GATEWAYS_FILE .*published demo value/);
    // Nor may a published partner token or demo secret become a gateway's token.
    expect(() => loadConfig({ ...SECRETS, IOT_GATEWAYS_FILE: write([{ ...lab, tokenSha256: digest(DEMO_DEFAULTS.AUTH_JWT_SECRET) }]) })).toThrow(
      /IOT_GATEWAYS_FILE/,
    );
    const demo = loadConfig({ ...DEMO_DEFAULTS, IOT_GATEWAYS_FILE: DEMO_GATEWAYS }, REPO, { demo: true });
    expect(demo.usage.iotGateways.map((g) => g.id)).toEqual(['jx-u001-iot', 'jx-u002-iot', 'jx-u003-iot']);
    expect(() => loadConfig({ ...DEMO_DEFAULTS, IOT_GATEWAYS_FILE: DEMO_GATEWAYS, HOST: '0.0.0.0' }, REPO, { demo: true })).toThrow(refusal('HOST'));
  });

  it("refuses a demo gateway's token as a partner's outside the demo", () => {
    const partners = write([
      {
        id: 'shanghai',
        region: 'shanghai',
        protocol: 'grpc',
        address: '127.0.0.1:50061',
        inboundToken: 'demo-iot-jx-u001-token',
        outboundToken: randomBytes(16).toString('hex'),
      },
    ]);
    expect(() => loadConfig({ ...SECRETS, PARTNERS_FILE: partners })).toThrow(/^Invalid configuration: PARTNERS_FILE .*published demo value/);
  });

  it('keeps the digests in code equal to config/demo/iot-gateways.json and to the tokens the README gives', () => {
    const file = JSON.parse(fs.readFileSync(DEMO_GATEWAYS, 'utf8')) as { id: string; unitIds: string[]; tokenSha256: string }[];
    expect(DEMO_IOT_GATEWAY_TOKEN_SHA256).toEqual(Object.fromEntries(file.map((g) => [g.id, g.tokenSha256])));
    const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
    for (const gateway of file) {
      const documented = `demo-iot-${gateway.unitIds[0]}-token`;
      expect(readme).toContain(documented);
      expect(digest(documented)).toBe(gateway.tokenSha256);
    }
  });
});
