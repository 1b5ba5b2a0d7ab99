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

  it('drops a client that answers the challenge with something else, and keeps serving the others', async () => {
    const net = await import('node:net');
    const url = new URL(database.connectionString);
    const socket = net.connect(Number(url.port), '127.0.0.1');
    const params = Buffer.from('user\0postgres\0database\0postgres\0\0');
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4);
    const closed = new Promise<string>((resolve) => {
      let seen = '';
      socket.on('data', (d) => (seen += d.toString('latin1')));
      socket.on('close', () => resolve(seen));
      socket.on('error', () => undefined);
    });
    socket.write(Buffer.concat([startup, params]));
    // A simple query instead of the password, then more after it.
    const query = Buffer.from('SELECT count(*) FROM instruments\0');
    const header = Buffer.alloc(5);
    header.write('Q', 0);
    header.writeInt32BE(4 + query.length, 1);
    socket.write(Buffer.concat([header, query, header, query]));
    const seen = await closed;
    expect(seen).toContain('28P01');
    expect(seen).not.toContain('count');
    expect(await attempt(database.connectionString)).toBe('connected, 0 instruments');
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
