import { Client } from 'pg';
import { Database } from './database';

/**
 * The embedded database is served on a loopback socket, which every local user
 * and process can reach: it answers only clients that know this process's
 * random password.
 */
describe('embedded database socket', () => {
  let database: Database;

  beforeAll(async () => {
    database = await Database.connect({});
  }, 60_000);
  afterAll(() => database?.close());

  const attempt = async (connectionString: string) => {
    const client = new Client({ connectionString });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM instruments');
      return `connected, ${rows[0].n} instruments`;
    } catch (error) {
      return `refused: ${(error as { code?: string }).code ?? (error as Error).message}`;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('refuses a client without the password, or with another one', async () => {
    const url = new URL(database.connectionString);
    expect(url.password).toMatch(/^[0-9a-f]{32,}$/);
    const withoutPassword = new URL(url);
    withoutPassword.password = '';
    const wrong = new URL(url);
    wrong.password = 'postgres';
    expect(await attempt(withoutPassword.toString())).toMatch(/^refused/);
    expect(await attempt(wrong.toString())).toBe('refused: 28P01');
    expect(await attempt(url.toString())).toBe('connected, 0 instruments');
  });

  it('gives every embedded database its own password', async () => {
    const other = await Database.connect({ migrate: false });
    try {
      expect(new URL(other.connectionString).password).not.toBe(new URL(database.connectionString).password);
      // One database's password does not open the other.
      const crossed = new URL(other.connectionString);
      crossed.password = new URL(database.connectionString).password;
      expect(await attempt(crossed.toString())).toBe('refused: 28P01');
    } finally {
      await other.close();
    }
  }, 30_000);
});
