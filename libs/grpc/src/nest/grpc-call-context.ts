import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { isObservable, type Observable } from 'rxjs';
import { DomainError } from '@app/common';
import type { GrpcCallContext, GrpcCaller } from '../grpc-service.decorator';
import { InvalidRequest } from '../request-guard';

/**
 * What the guard and the interceptor learnt about a call, keyed by grpc-js's
 * call object (Nest's third handler argument), so handlers keep the
 * `(request, context)` shape the grpc-js server gives them.
 */
const callers = new WeakMap<object, GrpcCaller>();
const contexts = new WeakMap<object, GrpcCallContext>();

export function callOf(context: ExecutionContext): object {
  return context.getArgByIndex<object>(2);
}

export function rememberCaller(call: object, caller: GrpcCaller): void {
  callers.set(call, caller);
}

export function callerOf(call: object): GrpcCaller | undefined {
  return callers.get(call);
}

export function rememberContext(call: object, context: GrpcCallContext): void {
  contexts.set(call, context);
}

/** The request message, checked: a message the guarded decoder could not read is the caller's fault (INVALID_ARGUMENT naming the field). */
export function validRequest(request: unknown): unknown {
  if (request instanceof InvalidRequest) throw DomainError.validation([{ field: request.field, message: request.message }]);
  return request;
}

/**
 * The request of a Nest gRPC handler as the grpc-js server hands it: one
 * message, or for a client stream an async iterable of checked messages.
 *
 * Nest delivers a client stream as an Observable fed by the call's 'data'
 * events, holding what arrived before the handler ran in a replay buffer that
 * it releases on `drainBuffer()` (by default only once an async handler has
 * returned: a handler that reads the whole stream first would wait for ever).
 * So the stream is released here, with the call paused until the replay has
 * run (no message overtakes an earlier one), and paused again whenever unread
 * messages pile up: a fast client cannot make the server buffer its stream.
 */
export const GrpcRequest = createParamDecorator((_: unknown, context: ExecutionContext) => {
  const data = context.getArgByIndex<unknown>(0);
  if (!isObservable(data)) return validRequest(data);
  return readable(data as Observable<unknown> & { drainBuffer?: () => void }, callOf(context) as PausableCall);
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

async function* readable(messages: Observable<unknown> & { drainBuffer?: () => void }, call: PausableCall): AsyncIterable<unknown> {
  const queue: unknown[] = [];
  let finished = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  call.pause();
  // Nest replays the held messages on a setImmediate queued by drainBuffer; ours runs after it.
  messages.drainBuffer?.();
  const subscription = messages.subscribe({
    next: (message) => {
      queue.push(message);
      if (queue.length >= HIGH_WATER) call.pause();
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
  setImmediate(() => {
    if (queue.length < HIGH_WATER) call.resume();
  });
  try {
    for (;;) {
      if (queue.length > 0) {
        const message = queue.shift();
        if (queue.length === HIGH_WATER / 2) call.resume();
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
