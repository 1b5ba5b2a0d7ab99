import * as net from 'node:net';

/**
 * What the proxy does to traffic:
 * - `pass`: forwards both ways;
 * - `delay`: holds every chunk `ms` before forwarding it (a slow network or a slow peer);
 * - `bandwidth`: forwards at most `bytesPerSecond` each way, all connections together (a capped link:
 *   a bulk sync and a booking to the same partner wait for each other), each byte arriving `latencyMs`
 *   after it went onto the link (a distant server: every round trip pays it twice);
 * - `drop`: closes every connection and each new one at once (FIN: the peer went away);
 * - `reset`: destroys every connection with RST, and each new one (a connection cut mid-transaction);
 * - `half-open`: accepts connections and never forwards a byte, nor answers (a peer that hangs);
 * - `garbage`: answers each new connection with bytes no protocol speaks, never forwarding.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'bandwidth'; bytesPerSecond: number; latencyMs?: number }
  | { kind: 'drop' }
  | { kind: 'reset' }
  | { kind: 'half-open' }
  | { kind: 'garbage' };

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
}

/** A TCP proxy in the test process, in front of one server, whose fault can change at any time. */
export class FaultProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<Pair>();
  private fault: Fault = { kind: 'pass' };
  /** When the capped link is next free, per direction: chunks of every connection queue on it. */
  private readonly linkFreeAt = { up: 0, down: 0 };
  port = 0;

  private constructor(
    readonly name: string,
    private readonly target: { host: string; port: number },
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(name: string, target: { host: string; port: number }): Promise<FaultProxy> {
    const proxy = new FaultProxy(name, target);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (proxy.server.address() as net.AddressInfo).port;
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Applies a fault: `drop` and `reset` also cut the connections already open, the others shape what comes next. */
  set(fault: Fault): void {
    this.fault = fault;
    if (fault.kind === 'drop' || fault.kind === 'reset' || fault.kind === 'half-open' || fault.kind === 'garbage') {
      for (const pair of [...this.pairs]) this.cut(pair, fault.kind === 'reset' ? 'reset' : 'drop');
    }
  }

  /** Cuts the connections open now with RST and lets new ones through: a one-off reset mid-transaction. */
  resetAll(): number {
    const n = this.pairs.size;
    for (const pair of [...this.pairs]) this.cut(pair, 'reset');
    return n;
  }

  heal(): void {
    this.set({ kind: 'pass' });
  }

  async close(): Promise<void> {
    for (const pair of [...this.pairs]) this.cut(pair, 'reset');
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private cut(pair: Pair, how: 'drop' | 'reset'): void {
    this.pairs.delete(pair);
    for (const socket of [pair.client, pair.upstream]) {
      if (!socket || socket.destroyed) continue;
      if (how === 'reset') socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  private accept(client: net.Socket): void {
    const pair: Pair = { client };
    this.pairs.add(pair);
    client.on('error', () => this.cut(pair, 'drop'));
    client.on('close', () => this.cut(pair, 'drop'));
    const fault = this.fault;
    if (fault.kind === 'drop') return this.cut(pair, 'drop');
    if (fault.kind === 'reset') return this.cut(pair, 'reset');
    // Never forwarded and never answered: the client's bytes are read and ignored, so its deadline is what ends the call.
    if (fault.kind === 'half-open') return void client.on('data', () => undefined);
    if (fault.kind === 'garbage') {
      client.on('data', () => undefined);
      client.write(Buffer.from('\u0000\u0007GARBAGE\r\n\u00ff\u00fe not a protocol \u0000'.repeat(8), 'latin1'));
      return;
    }
    const upstream = net.connect(this.target);
    pair.upstream = upstream;
    upstream.on('error', () => this.cut(pair, 'drop'));
    upstream.on('close', () => this.cut(pair, 'drop'));
    this.pipe(client, upstream, 'up');
    this.pipe(upstream, client, 'down');
  }

  /** How long bytes wait for the capped link: until those queued before them (any connection's) are through, plus their own time. */
  private linkTime(direction: 'up' | 'down', bytes: number, bytesPerSecond: number): number {
    const now = Date.now();
    this.linkFreeAt[direction] = Math.max(now, this.linkFreeAt[direction]) + (bytes / bytesPerSecond) * 1000;
    return Math.ceil(this.linkFreeAt[direction] - now);
  }

  /** Forwards chunks in order, shaped by the fault in force when each one arrives. */
  private pipe(from: net.Socket, to: net.Socket, direction: 'up' | 'down'): void {
    // `sent`: bytes leave in order (a slow peer, the capped link); `delivered`: they arrive in order, a latency later.
    let sent = Promise.resolve();
    let delivered = Promise.resolve();
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const deliver = (piece: Buffer, at: number) => {
      delivered = delivered.then(async () => {
        if (at > Date.now()) await sleep(at - Date.now());
        if (!to.destroyed) to.write(piece);
      });
    };
    from.on('data', (chunk: Buffer) => {
      const fault = this.fault;
      if (fault.kind === 'pass') {
        sent = sent.then(() => deliver(chunk, 0));
        return;
      }
      if (fault.kind === 'half-open' || fault.kind === 'garbage') return;
      from.pause();
      // A capped link delivers a large chunk bit by bit, not all at once after its whole time.
      const slice = fault.kind === 'bandwidth' ? Math.max(256, Math.floor(fault.bytesPerSecond / 10)) : chunk.length;
      sent = sent.then(async () => {
        for (let at = 0; at < chunk.length; at += slice) {
          const piece = chunk.subarray(at, at + slice);
          await sleep(fault.kind === 'bandwidth' ? this.linkTime(direction, piece.length, fault.bytesPerSecond) : fault.kind === 'delay' ? fault.ms : 0);
          deliver(piece, fault.kind === 'bandwidth' ? Date.now() + (fault.latencyMs ?? 0) : 0);
        }
        if (!from.destroyed) from.resume();
      });
    });
  }
}
