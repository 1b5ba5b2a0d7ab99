import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken, type Role } from '@app/auth';
import { SeedCatalogUseCase, type InstrumentInput, type ManagementUnit } from '@app/catalog';
import { FixedClock, type DepartmentCode } from '@app/common';
import { loadConfig, type AppConfig, type LoadOptions } from '@app/config';
import type { Database } from '@app/persistence';
import { createGateway } from '../../apps/gateway/src/bootstrap';
import { openTestDatabase, type StorageMode } from './databases';
import { TEST_SECRETS } from './secrets';

export const TEST_TODAY = '2026-11-29';

/** Suites drive one gateway from one address and one token far harder than any client: no rate limits (test/e2e/rate-limit.e2e-spec.ts sets its own). */
export const TEST_RATE_LIMITS = Object.fromEntries(
  ['SEARCH', 'AVAILABILITY', 'METRICS', 'BOOKING', 'IMPORT', 'REVIEW', 'EXEMPTION', 'EVALUATION', 'PARTNER', 'IOT'].map((p) => [`RATE_LIMIT_${p}`, '0']),
);

export interface TestGateway {
  app: NestFastifyApplication;
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  config: AppConfig;
  clock: FixedClock;
  token(role: Role, unitId?: string, sub?: string): Promise<string>;
  /** A `department` token: that role is refused without the department it speaks for. */
  departmentToken(department: DepartmentCode, sub?: string): Promise<string>;
  seed(units: ManagementUnit[], instruments?: InstrumentInput[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real gateway (same bootstrap as `main.ts`) on a fresh database, not listening: supertest drives it.
 * `prepare` shapes the database before the gateway opens it (e.g. rows as an older release left them).
 */
export async function startTestGateway(
  mode: StorageMode = 'embedded',
  env: Record<string, string> = {},
  prepare?: (database: Database) => Promise<void>,
  load: LoadOptions = {},
): Promise<TestGateway> {
  const database = await openTestDatabase(mode);
  await prepare?.(database);
  const config = loadConfig(
    { ...TEST_SECRETS, LOG_LEVEL: 'silent', NODE_ENV: 'test', BODY_LIMIT_BYTES: '100000', ...TEST_RATE_LIMITS, ...env },
    process.cwd(),
    load,
  );
  const clock = new FixedClock(new Date(`${TEST_TODAY}T04:00:00Z`));
  const app = await createGateway(config, { database, clock });
  return {
    app,
    server: app.getHttpServer(),
    config,
    clock,
    token: (role, unitId, sub = `${role}-${unitId ?? 'none'}`) => mintToken(config.auth.jwtSecret, { sub, roles: [role], unitId, region: 'jiaxing' }),
    departmentToken: (department, sub = `department-${department}`) =>
      mintToken(config.auth.jwtSecret, { sub, roles: ['department'], department, region: 'jiaxing' }),
    async seed(units, instruments = []) {
      await app.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units, instruments });
    },
    async close() {
      await app.close();
      await database.dispose();
    },
  };
}

export const JX_UNITS: ManagementUnit[] = [
  { id: 'jx-u001', name: '嘉兴学院', nameEn: 'Jiaxing University', region: 'jiaxing', city: '嘉兴市', kind: 'university', sector: 'education' },
  { id: 'jx-u002', name: '嘉兴市第一医院', nameEn: 'First Hospital of Jiaxing', region: 'jiaxing', city: '嘉兴市', kind: 'hospital', sector: 'health' },
];

export function sem(overrides: Partial<InstrumentInput> = {}): InstrumentInput {
  return {
    localId: 'JX-SEM-001',
    name: '场发射扫描电子显微镜',
    nameEn: 'Field emission scanning electron microscope',
    model: 'JSM-7800F',
    manufacturer: 'JEOL',
    countryOfOrigin: '日本',
    categoryCode: '0101',
    valueCny: 3_200_000,
    fundingSource: 'fiscal',
    unitId: 'jx-u001',
    city: '嘉兴市',
    address: '嘉兴市南湖区越秀南路56号',
    location: { lat: 30.7486, lon: 120.7381 },
    acceptanceDate: '2025-09-15',
    provincialJoinDate: '2025-10-20',
    serviceModes: ['operator_assisted', 'sample_submission'],
    fee: { unit: 'hour', internalPriceCny: 300, externalPriceCny: 500 },
    confidentiality: { status: 'none' },
    ...overrides,
  };
}
