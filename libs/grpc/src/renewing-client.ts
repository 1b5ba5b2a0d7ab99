import * as grpc from '@grpc/grpc-js';

/** Channel options for a partner that was down: tried again within seconds, not after grpc-js' default backoff of up to two minutes. */
export const PROMPT_RECONNECT: grpc.ChannelOptions = {
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2_000,
};

/**
 * A gRPC client to one partner that is replaced when its channel is stuck
 * connecting. grpc-js waits for the server's first HTTP/2 SETTINGS with no
 * timeout of its own: a partner that accepted the connection and never
 * answered leaves the channel CONNECTING for good, and every later call fails
 * its deadline even after the partner is back (found by the fault suite's
 * half-open proxy). Seen connecting at two calls more than a deadline apart,
 * the channel is closed and a new one dials afresh; a replaced healthy channel
 * costs one reconnect.
 */
export class RenewingClient<T extends grpc.Client> {
  private client: T;
  private connectingSince?: number;

  constructor(
    private readonly make: () => T,
    private readonly stuckAfterMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.client = make();
  }

  /** The client to call now. */
  get(): T {
    const state = this.client.getChannel().getConnectivityState(false);
    if (state !== grpc.connectivityState.CONNECTING) {
      this.connectingSince = undefined;
      return this.client;
    }
    const now = this.now();
    this.connectingSince ??= now;
    if (now - this.connectingSince > this.stuckAfterMs) {
      this.client.close();
      this.client = this.make();
      this.connectingSince = undefined;
    }
    return this.client;
  }

  close(): void {
    this.client.close();
  }
}
