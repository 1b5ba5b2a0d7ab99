import { randomUUID } from 'node:crypto';
import { sql } from '@app/persistence';
import { openTestDatabase, storageModes } from '../support/databases';

/**
 * A published evaluation is the record (Art. 21): the database refuses every
 * way of changing it, not only UPDATE and DELETE of its own rows. Moving a
 * draft's results under it (an UPDATE whose old row is a draft's) and
 * TRUNCATE (which fires no row trigger) changed it; TRUNCATE also emptied the
 * append-only trail.
 */
describe.each(storageModes())('a published evaluation cannot be changed by any statement (%s)', (mode) => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  const published = randomUUID();
  const draft = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase(mode);
    const db = database.db;
    const evaluation = (id: string) =>
      sql`
      INSERT INTO evaluations (id, year, status, period_from, period_to, config, participating, created_at, created_by)
      VALUES (${id}::uuid, 2025, 'draft', '2025-01-01', '2025-12-31', '{}'::jsonb, 1, now(), 'office')`.execute(db);
    const result = (id: string, unit: string, grade: string) =>
      sql`
      INSERT INTO evaluation_results (evaluation_id, unit_id, department_code, total, rank, grade, breakdown)
      VALUES (${id}::uuid, ${unit}, 'education_bureau', 60, 1, ${grade}, '{}'::jsonb)`.execute(db);
    await evaluation(published);
    await result(published, 'jx-u001', '中');
    await sql`UPDATE evaluations SET status = 'reviewed', reviewed_at = now(), reviewed_by = 'office', review_note = 'ok' WHERE id = ${published}::uuid`.execute(
      db,
    );
    await sql`UPDATE evaluations SET status = 'published', published_at = now(), published_by = 'office' WHERE id = ${published}::uuid`.execute(db);
    await evaluation(draft);
    await result(draft, 'jx-u002', '优');
    await sql`INSERT INTO evaluation_trail (year, evaluation_id, step, actor, article, at) VALUES (2025, ${published}::uuid, 'published', 'office', 21, now())`.execute(
      db,
    );
  }, 60_000);
  afterAll(async () => {
    await database?.dispose();
  });

  const resultsOf = async (id: string) =>
    (
      await sql<{ unit_id: string; grade: string }>`SELECT unit_id, grade FROM evaluation_results WHERE evaluation_id = ${id}::uuid ORDER BY unit_id`.execute(
        database.db,
      )
    ).rows;

  it('refuses moving a draft result under a published evaluation', async () => {
    await expect(
      sql`UPDATE evaluation_results SET evaluation_id = ${published}::uuid WHERE evaluation_id = ${draft}::uuid`.execute(database.db),
    ).rejects.toThrow(/published/);
    expect(await resultsOf(published)).toEqual([{ unit_id: 'jx-u001', grade: '中' }]);
  });

  it('refuses TRUNCATE of the evaluations, their results and their trail', async () => {
    await expect(sql`TRUNCATE evaluation_results`.execute(database.db)).rejects.toThrow(/published/);
    await expect(sql`TRUNCATE evaluations CASCADE`.execute(database.db)).rejects.toThrow(/published/);
    await expect(sql`TRUNCATE evaluation_trail`.execute(database.db)).rejects.toThrow(/append-only/);
    expect(await resultsOf(published)).toEqual([{ unit_id: 'jx-u001', grade: '中' }]);
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM evaluation_trail`.execute(database.db)).rows[0].n).toBe(1);
  });

  it('still lets a draft be replaced: its results move and go as before', async () => {
    await sql`UPDATE evaluation_results SET grade = '良' WHERE evaluation_id = ${draft}::uuid`.execute(database.db);
    await sql`DELETE FROM evaluations WHERE id = ${draft}::uuid`.execute(database.db);
    expect(await resultsOf(draft)).toEqual([]);
  });
});
