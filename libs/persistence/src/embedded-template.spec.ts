import { Database } from './database';

describe('an embedded database started from the migrated template', () => {
  let template: Blob;
  const opened: Database[] = [];
  const open = async () => {
    const database = await Database.connect({ embeddedTemplate: template });
    opened.push(database);
    return database;
  };

  beforeAll(async () => {
    template = await Database.embeddedTemplate();
  }, 120_000);

  afterAll(async () => {
    for (const database of opened) await database.close();
  });

  it('holds every migration and the schema they build, as a fresh database does', async () => {
    const fresh = await Database.connect({});
    opened.push(fresh);
    const fromTemplate = await open();
    const migrations = async (d: Database) => (await d.pool.query('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name as string);
    const columns = async (d: Database) =>
      (
        await d.pool.query(
          "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name",
        )
      ).rows;
    expect(await migrations(fromTemplate)).toEqual(await migrations(fresh));
    expect((await migrations(fromTemplate)).length).toBeGreaterThan(20);
    expect(await columns(fromTemplate)).toEqual(await columns(fresh));
  }, 120_000);

  it('gives each database its own data: what one stores, another started from the same template never sees', async () => {
    const a = await open();
    const b = await open();
    await a.pool.query(
      "INSERT INTO units (id, name, region, city, kind, sector) VALUES ('jx-t1', '模板测试单位', 'jiaxing', '嘉兴市', 'university', 'education')",
    );
    expect((await a.pool.query("SELECT count(*)::int AS n FROM units WHERE id = 'jx-t1'")).rows[0].n).toBe(1);
    expect((await b.pool.query("SELECT count(*)::int AS n FROM units WHERE id = 'jx-t1'")).rows[0].n).toBe(0);
  }, 120_000);
});
