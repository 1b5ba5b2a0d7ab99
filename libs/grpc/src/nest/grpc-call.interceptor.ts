import { Inject, Injectable, Optional, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { status, type Metadata } from '@grpc/grpc-js';
import { IS_PUBLIC, callerOf } from '@app/auth';
import { Observable, isObservable, mergeMap, of } from 'rxjs';
import { GrpcStatusError } from '../grpc-errors';
import { GRPC_ADMISSION, GRPC_SERVER_OPTIONS, type GrpcAdmission, type GrpcServerOptions } from '../grpc-server';
import type { GrpcCallContext } from '../grpc-service.decorator';
import { callOf, openClientStream, rememberContext, validRequest } from './grpc-call-context';

interface ServerCall {
  on(event: 'cancelled' | 'drain' | 'close', listener: () => void): unknown;
  off(event: 'cancelled' | 'drain' | 'close', listener: () => void): unknown;
  getPath(): string;
  writableNeedDrain?: boolean;
}

/**
 * Every gRPC call, after the auth guard: the partner's call budget (not on a
 * @Public handler such as health, which a partner may call with its token), the call's
 * context (caller, cancel signal), the server-side deadline, and server
 * streams written with backpressure (the handler's async iterable is read on
 * only when the client has taken what was written).
 */
@Injectable()
export class GrpcCallInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    @Optional() @Inject(GRPC_ADMISSION) private readonly admit?: GrpcAdmission,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'rpc') return next.handle();
    const call = callOf(context) as ServerCall;
    const method = call.getPath();
    const data = context.getArgByIndex<unknown>(0);
    const clientStream = isObservable(data);
    // Before the first await: see openClientStream.
    if (clientStream) openClientStream(data, call);
    else validRequest(data);
    const admitted = callerOf(context);
    const caller = admitted?.kind === 'partner' ? admitted : undefined;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (caller && !isPublic && this.admit) await this.admit(caller, method);

    const controller = new AbortController();
    const cancelled = () => controller.abort();
    call.on('cancelled', cancelled);
    const callContext: GrpcCallContext = { metadata: context.getArgByIndex<Metadata>(1), signal: controller.signal, ...(caller ? { caller } : {}) };
    rememberContext(call, callContext);
    const limits = this.options.limits;
    return new Observable<unknown>((subscriber) => {
      const expire = (limitMs: number) => {
        controller.abort();
        subscriber.error(new GrpcStatusError(status.DEADLINE_EXCEEDED, `the server's deadline of ${limitMs} ms for this call passed`));
      };
      const limitMs = clientStream || respondsWithStream(call) ? limits.streamDeadlineMs : limits.unaryDeadlineMs;
      const timer = setTimeout(() => expire(limitMs), limitMs);
      timer.unref();
      const subscription = next
        .handle()
        .pipe(mergeMap((result) => (isAsyncIterable(result) ? written(result, call, controller.signal) : of(result))))
        .subscribe(subscriber);
      return () => {
        clearTimeout(timer);
        call.off('cancelled', cancelled);
        subscription.unsubscribe();
      };
    });
  }
}

/** grpc-js's call object of a server stream can write; a unary or client-streaming one cannot. */
function respondsWithStream(call: ServerCall): boolean {
  return typeof (call as { write?: unknown }).write === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** The next message is pulled only once grpc-js has room for it, or the call is gone. */
function written(messages: AsyncIterable<unknown>, call: ServerCall, signal: AbortSignal): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const iterator = messages[Symbol.asyncIterator]();
    let stopped = false;
    void (async () => {
      try {
        for (;;) {
          const step = await iterator.next();
          if (stopped) return;
          if (step.done) return subscriber.complete();
          subscriber.next(step.value);
          if (call.writableNeedDrain) await room(call, signal);
        }
      } catch (error) {
        if (!stopped) subscriber.error(error);
      }
    })();
    return () => {
      stopped = true;
      void iterator.return?.();
    };
  });
}

function room(call: ServerCall, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
