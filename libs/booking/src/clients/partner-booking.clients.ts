import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import * as grpc from '@grpc/grpc-js';
import { BookingServiceClient, type Booking as WireBooking, type CreateBookingRequest, type TimeWindow as WireWindow } from '@app/contracts';
import { APP_CONFIG, type AppConfig, type PartnerConfig } from '@app/config';
import { channelCredentials, PROMPT_RECONNECT, RenewingClient, TRANSIENT } from '@app/grpc';

/** A failed call to a partner: transient ones are retried, the others are its answer. */
export class PartnerCallError extends Error {
  constructor(
    readonly partnerId: string,
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${partnerId}: ${grpc.status[code] ?? code} ${details}`);
  }

  get notFound(): boolean {
    return this.code === grpc.status.NOT_FOUND;
  }

  get transient(): boolean {
    // UNAUTHENTICATED is our own configuration (a token being rotated): retry until the deadline.
    return TRANSIENT.has(this.code) || this.code === grpc.status.UNAUTHENTICATED;
  }
}

/** Our client of one partner's BookingService: its token and a deadline on every call. */
export class PartnerBookingClient {
  private readonly channel: RenewingClient<BookingServiceClient>;

  constructor(private readonly partner: PartnerConfig) {
    this.channel = new RenewingClient(() => new BookingServiceClient(partner.address, channelCredentials(partner), PROMPT_RECONNECT), partner.deadlineMs);
  }

  private get client(): BookingServiceClient {
    return this.channel.get();
  }

  createBooking(request: CreateBookingRequest): Promise<WireBooking> {
    return this.unary((m, o, cb) => this.client.createBooking(request, m, o, (e, r) => cb(e, r?.booking)));
  }

  getBooking(bookingId: string): Promise<WireBooking> {
    return this.unary((m, o, cb) => this.client.getBooking({ bookingId }, m, o, (e, r) => cb(e, r?.booking)));
  }

  cancelBooking(bookingId: string, reason: string): Promise<WireBooking> {
    return this.unary((m, o, cb) => this.client.cancelBooking({ bookingId, reason }, m, o, (e, r) => cb(e, r?.booking)));
  }

  checkAvailability(instrumentId: string, from: Date, to: Date): Promise<WireWindow[]> {
    return this.unary((m, o, cb) => this.client.checkAvailability({ instrumentId, from, to }, m, o, (e, r) => cb(e, r?.busy)));
  }

  close(): void {
    this.channel.close();
  }

  private unary<T>(
    call: (metadata: grpc.Metadata, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null, value: T | undefined) => void) => void,
  ): Promise<T> {
    const metadata = new grpc.Metadata();
    metadata.set('authorization', `Bearer ${this.partner.outboundToken}`);
    return new Promise<T>((resolve, reject) =>
      call(metadata, { deadline: Date.now() + this.partner.deadlineMs }, (error, value) => {
        if (error) return reject(new PartnerCallError(this.partner.id, error.code, error.details || error.message));
        if (value === undefined) return reject(new PartnerCallError(this.partner.id, grpc.status.INTERNAL, 'empty answer'));
        resolve(value);
      }),
    );
  }
}

/** One client per gRPC partner, made on first use. */
@Injectable()
export class PartnerBookingClients implements OnApplicationShutdown {
  private readonly clients = new Map<string, PartnerBookingClient>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Undefined for a platform we cannot book on (unknown, or an OpenAPI partner such as the province). */
  for(platformId: string): PartnerBookingClient | undefined {
    let client = this.clients.get(platformId);
    if (client) return client;
    const partner = this.config.partners.find((p) => p.id === platformId && p.protocol === 'grpc');
    if (!partner) return undefined;
    this.clients.set(platformId, (client = new PartnerBookingClient(partner)));
    return client;
  }

  onApplicationShutdown(): void {
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
