import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DomainError } from '@app/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Adopts a caller's `X-Request-Id` when it is well-formed (so a trace crosses
 * the proxy and partners), otherwise mints one; every log line and problem
 * document of the request carries it. Fastify calls this for every request,
 * before routing, so even a malformed URL gets its id.
 */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** onRequest hook: echo the id and run the rest of the request inside its context. */
export function enterRequestContext(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  void reply.header('X-Request-Id', req.id);
  requestContext.run({ requestId: req.id }, done);
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Control characters have no business in a URL: PostgreSQL rejects NUL in
 * text, and logs would carry them. Refuse them up front with a 400.
 */
export function rejectControlCharacters(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.url.replace(/\+/g, ' '));
  } catch {
    return done(
      new DomainError('VALIDATION_FAILED', 'the URL is not valid percent-encoded UTF-8', {
        violations: [{ field: 'url', message: 'malformed percent-encoding' }],
      }),
    );
  }
  if (CONTROL.test(decoded)) {
    return done(
      new DomainError('VALIDATION_FAILED', 'the URL contains control characters', {
        violations: [{ field: 'url', message: 'control characters are not allowed' }],
      }),
    );
  }
  done();
}
