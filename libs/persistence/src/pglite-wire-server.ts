import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * Message types after which the client waits for the server: everything it
 * sent up to here is one unit of work (e.g. Parse/Bind/Describe/Execute/Sync).
 */
const BATCH_END = new Set(['S', 'Q', 'H', 'd', 'c', 'f']);
const TERMINATE = 'X';
const PASSWORD_MESSAGE = 'p';
const AUTH_MD5 = 5;
const MAX_UNAUTHENTICATED_MESSAGE = 10_000;

interface Work {
  connection: WireConnection;
  batch: Uint8Array;
  done: () => void;
}

/**
 * Serves one PGlite over the PostgreSQL wire protocol on a loopback socket, so
 * node-postgres (our code and BullMQ's) runs unchanged against it.
 *
 * PGlite is a single session. Two rules make many client connections safe on
 * it: a client's messages up to the point where it waits (Sync, Query, Flush)
 * run as one indivisible batch, so another connection's Parse cannot replace
 * the unnamed statement between its Parse and Bind; and while a connection has
 * a transaction open, only that connection's batches run. (We measured
 * @electric-sql/pglite-socket 0.2.17 interleaving single messages across
 * connections: "bind message supplies 7 parameters, but prepared statement
 * requires 5" under a concurrent import and listing.)
 *
 * A loopback port is open to every local user and process, so a client must
 * first prove it knows `password` (MD5 challenge, the password never crosses
 * the socket); only then does PGlite see its startup message.
 */
export class PgliteWireServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  private readonly connections = new Set<WireConnection>();
  private readonly queue: Work[] = [];
  private transactionOwner: WireConnection | null = null;
  private pumping = false;

  constructor(
    private readonly db: PGlite,
    readonly password: string,
  ) {}

  async listen(host = '127.0.0.1', port = 0): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  submit(connection: WireConnection, batch: Uint8Array): Promise<void> {
    return new Promise((done) => {
      this.queue.push({ connection, batch, done });
      void this.pump();
    });
  }

  async release(connection: WireConnection): Promise<void> {
    this.connections.delete(connection);
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].connection === connection) this.queue.splice(i, 1)[0].done();
    }
    if (this.transactionOwner === connection) {
      // The client vanished mid-transaction: roll it back so others can proceed.
      await this.db.runExclusive(() => this.db.exec('ROLLBACK')).catch(() => undefined);
      this.transactionOwner = null;
    }
    void this.pump();
  }

  private accept(socket: net.Socket): void {
    socket.setNoDelay(true);
    const connection = new WireConnection(socket, this);
    this.connections.add(connection);
  }

  /** The MD5 answer a client knowing the password gives to `salt`, as PostgreSQL computes it. */
  expectedAnswer(user: string, salt: Buffer): Buffer {
    const inner = createHash('md5')
      .update(this.password + user)
      .digest('hex');
    return Buffer.from(
      `md5${createHash('md5')
        .update(Buffer.concat([Buffer.from(inner), salt]))
        .digest('hex')}`,
    );
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (;;) {
        const owner = this.transactionOwner;
        const index = owner ? this.queue.findIndex((w) => w.connection === owner) : 0;
        if (this.queue.length === 0 || index < 0) return;
        const [work] = this.queue.splice(index, 1);
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(work.batch, { onRawData: (data: Uint8Array) => work.connection.write(data) }));
        } catch {
          // PGlite reports SQL errors in-band; a throw here means the batch was
          // unusable: drop the client rather than leave it waiting forever.
          work.connection.socket.destroy();
        }
        this.transactionOwner = this.db.isInTransaction() ? work.connection : null;
        work.done();
      }
    } finally {
      this.pumping = false;
    }
  }
}

class WireConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  /** startup → (password challenge sent) auth → ready, or refused: PGlite sees nothing before `ready`. */
  private state: 'startup' | 'auth' | 'ready' | 'refused' = 'startup';
  private startup?: { message: Buffer; user: string; salt: Buffer };
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: net.Socket,
    private readonly server: PgliteWireServer,
  ) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => void this.server.release(this));
  }

  write(data: Uint8Array): void {
    // PGlite hands out views of its WASM memory and reuses them for the next chunk; a socket that is
    // backed up queues the view, not its bytes. Copy, or a large result reaches the client garbled.
    if (data.length > 0 && this.socket.writable) this.socket.write(Buffer.from(data));
  }

  private receive(chunk: Buffer): void {
    if (this.state === 'refused') return;
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.state === 'startup') {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        // Before authentication nobody gets to make us buffer much.
        if (length < 8 || length > MAX_UNAUTHENTICATED_MESSAGE) return void this.socket.destroy();
        if (this.buffer.length < length) return;
        const code = this.buffer.readInt32BE(4);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write('N');
        } else if (code === CANCEL_REQUEST) {
          this.socket.destroy();
          return;
        } else if (code === PROTOCOL_3) {
          this.challenge(Buffer.from(message));
        } else {
          this.socket.destroy();
          return;
        }
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = 1 + this.buffer.readInt32BE(1);
      if (this.state === 'auth' && length > MAX_UNAUTHENTICATED_MESSAGE) return void this.socket.destroy();
      if (this.buffer.length < length) return;
      const type = String.fromCharCode(this.buffer[0]);
      const message = Buffer.from(this.buffer.subarray(0, length));
      this.buffer = this.buffer.subarray(length);
      if (this.state === 'auth') {
        if (!this.authenticate(type, message)) return;
        continue;
      }
      if (type === TERMINATE) {
        this.socket.end();
        return;
      }
      this.pending.push(message);
      if (BATCH_END.has(type)) {
        const batch = Buffer.concat(this.pending);
        this.pending = [];
        this.enqueue(batch);
      }
    }
  }

  /** Asks for the password (MD5 with a fresh salt) before PGlite sees the startup message. */
  private challenge(message: Buffer): void {
    const salt = randomBytes(4);
    this.startup = { message, user: startupParameters(message).user ?? '', salt };
    this.state = 'auth';
    const request = Buffer.alloc(13);
    request.write('R', 0);
    request.writeInt32BE(12, 1);
    request.writeInt32BE(AUTH_MD5, 5);
    salt.copy(request, 9);
    this.socket.write(request);
  }

  /** True when the password message proves the password; otherwise answers 28P01 and closes. */
  private authenticate(type: string, message: Buffer): boolean {
    const { message: startup, user, salt } = this.startup!;
    const answer = type === PASSWORD_MESSAGE ? message.subarray(5, message.indexOf(0, 5) < 0 ? message.length : message.indexOf(0, 5)) : Buffer.alloc(0);
    const expected = this.server.expectedAnswer(user, salt);
    if (answer.length !== expected.length || !timingSafeEqual(answer, expected)) {
      this.state = 'refused';
      this.startup = undefined;
      this.buffer = Buffer.alloc(0);
      this.socket.end(errorResponse('28P01', `password authentication failed for user "${user}"`));
      return false;
    }
    this.state = 'ready';
    this.startup = undefined;
    this.enqueue(startup);
    return true;
  }

  /** Batches of one connection run in order. */
  private enqueue(batch: Buffer): void {
    this.chain = this.chain.then(() => this.server.submit(this, new Uint8Array(batch)));
  }
}

/** `user`, `database`… from a StartupMessage: length, protocol, then NUL-terminated key/value pairs. */
function startupParameters(message: Buffer): Record<string, string> {
  const parts = message.subarray(8).toString('utf8').split('\0');
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) out[parts[i]] = parts[i + 1];
  return out;
}

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${text}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
