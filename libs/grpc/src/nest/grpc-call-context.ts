import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { isObservable, type Observable } from 'rxjs';
import { DomainError } from '@app/common';
import type { GrpcCallContext } from '../grpc-service.decorator';
import { InvalidRequest } from '../request-guard';

/**
 * What the interceptor learnt about a call, keyed by grpc-js's call object
 * (Nest's third handler argument), so handlers keep the `(request, context)`
 * shape the grpc-js server gives them. (The caller the auth guard admitted is
 * kept by @app/auth: `callerOf`, `@CurrentCaller()`.)
 */
const contexts = new WeakMap<object, GrpcCallContext>();

export function callOf(context: ExecutionContext): object {
  return context.getArgByIndex<object>(2);
}

export function rememberContext(call: object, context: GrpcCallContext): void {
  contexts.set(call, context);
}

/** The request message, checked: a message the guarded decoder could not read is the caller's fault (INVALID_ARGUMENT naming the field). */
export function validRequest(request: unknown): unknown {
  if (request instanceof InvalidRequest) throw DomainError.validation([{ field: request.field, message: request.message }]);
  return request;
}

const streams = new WeakMap<object, AsyncIterable<unknown>>();

/**
 * The request of a Nest gRPC handler as the grpc-js server hands it: one
 * message, or for a client stream an async iterable of checked messages
 * (opened by the interceptor, `openClientStream`).
 */
export const GrpcRequest = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const data = context.getArgByIndex<unknown>(0);
  if (!isObservable(data)) return validRequest(data);
  const stream = streams.get(callOf(context));
  if (!stream) throw new Error('client stream not opened: is GrpcCallInterceptor installed?');
  return stream;
});

/** The call's context: caller, metadata and the signal aborted on cancel or at the server-side deadline. */
export const GrpcContext = createParamDecorator((_: unknown, context: ExecutionContext): GrpcCallContext => {
  const found = contexts.get(callOf(context));
  if (!found) throw new Error('no gRPC call context: is GrpcCallInterceptor installed?');
  return found;
});

interface PausableCall {
  pause(): void;
  resume(): void;
}

const HIGH_WATER = 64;

/**
 * Takes over a client stream from Nest, which delivers it as an Observable
 * fed by the call's 'data' events and holds what arrives before the handler
 * runs in a replay buffer released by `drainBuffer()`: by default only once an
 * async handler has returned (a handler reading the whole stream first would
 * wait for ever), and a stream that ends before that loses the buffer and its
 * messages (`bufferUntilDrained`'s cleanup). So this must run before anything
 * awaits I/O: it releases the buffer at once, with the call paused until
 * Nest's replay has run (no message overtakes an earlier one), and pauses the
 * call again whenever unread messages pile up, so a fast client cannot make
 * the server buffer its whole stream.
 */
export function openClientStream(messages: Observable<unknown> & { drainBuffer?: () => void }, call: object): void {
  const pausable = call as PausableCall;
  const queue: unknown[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  pausable.pause();
  messages.drainBuffer?.();
  const subscription = messages.subscribe({
    next: (message) => {
      queue.push(message);
      if (queue.length >= HIGH_WATER) pausable.pause();
      notify();
    },
    error: (error: unknown) => {
      failure = { error };
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
  });
  // Nest replays the held messages on a setImmediate queued by drainBuffer; this one runs after it.
  setImmediate(() => {
    if (queue.length < HIGH_WATER) pausable.resume();
  });
  async function* read(): AsyncIterable<unknown> {
    try {
      for (;;) {
        if (queue.length > 0) {
          const message = queue.shift();
          if (queue.length === HIGH_WATER / 2) pausable.resume();
          yield validRequest(message);
          continue;
        }
        if (failure) throw failure.error;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      subscription.unsubscribe();
    }
  }
  streams.set(call, read());
}
