import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mintToken } from '@app/auth';
import { SeedCatalogUseCase } from '@app/catalog';
import { eventually } from '../support/federation';
import { JX_UNITS, sem } from '../support/gateway';
import { sharedDatabaseReplicas } from '../support/replicas';
import { TEST_SECRETS } from '../support/secrets';
import { postgresAvailable } from '../support/servers';
import { localInstrumentId } from '../support/ids';

const describeOnServer = postgresAvailable() ? describe : describe.skip;

/**
 * Two gateway replicas on one PostgreSQL: each builds its search index from
 * the database at start and follows the change feed, so a write through one
 * (or by sync, in a third process) is found through the other.
 */
describeOnServer('search on several gateway replicas (PostgreSQL)', () => {
  const replicas = sharedDatabaseReplicas();
  const replica = () => replicas.start();

  afterAll(() => replicas.close());

  it('builds from the database and converges after writes through either replica', async () => {
    const a = await replica();
    await a.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units: JX_UNITS, instruments: [sem({ localId: 'R-1' })] });
    // B starts after the write: it finds it from its initial build.
    const b = await replica();
    const find = (app: NestFastifyApplication, q: string) =>
      request(app.getHttpServer())
        .get('/api/v1/instruments')
        .query({ q })
        .then((r) => r.body.items.map((i: { id: string }) => i.id));
    expect(await find(b, 'JSM-7800F')).toEqual([localInstrumentId('jx-u001', 'R-1')]);

    const admin = await mintToken(TEST_SECRETS.AUTH_JWT_SECRET, { sub: 'admin', roles: ['admin'] });
    await request(a.getHttpServer())
      .post('/api/v1/instruments')
      .set('Authorization', `Bearer ${admin}`)
      .send(sem({ localId: 'R-2', model: 'REPLICA-42' }))
      .expect(201);
    await eventually(
      () => find(b, 'REPLICA-42'),
      (list: string[]) => list.length === 1,
    );
    await request(b.getHttpServer())
      .delete(`/api/v1/instruments/${localInstrumentId('jx-u001', 'R-2')}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(204);
    await eventually(
      () => find(a, 'REPLICA-42'),
      (list: string[]) => list.length === 0,
    );

    // A partner's sync writes in many transactions at once, in any commit order: both replicas still see all of them.
    const partnerRows = Array.from({ length: 300 }, (_, i) => sem({ localId: `SH-${i}`, unitId: 'jx-u001', model: `SYNC-MODEL-${i}` }));
    await Promise.all(
      [0, 100, 200].map((from) =>
        a.get(SeedCatalogUseCase).execute({ region: 'jiaxing', sourcePlatform: 'local', units: JX_UNITS, instruments: partnerRows.slice(from, from + 100) }),
      ),
    );
    for (const app of [a, b]) {
      await eventually(
        () =>
          request(app.getHttpServer())
            .get('/api/v1/instruments')
            .query({ q: 'SYNC-MODEL', pageSize: 1 })
            .then((r) => r.body.total),
        (n: number) => n === 300,
      );
    }
  }, 60_000);
});
