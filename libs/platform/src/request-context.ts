import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { DomainError } from '@app/common';
import type { NextFunction, Request, Response } from 'express';

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
 * document of the request carries it.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  (req as Request & { id: string }).id = requestId;
  requestContext.run({ requestId }, next);
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Control characters have no business in a URL: PostgreSQL rejects NUL in
 * text, and logs would carry them. Refuse them up front with a 400.
 */
export function rejectControlCharacters(req: Request, _res: Response, next: NextFunction): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.originalUrl.replace(/\+/g, ' '));
  } catch {
    return next(new DomainError('VALIDATION_FAILED', 'the URL is not valid percent-encoded UTF-8', { violations: [{ field: 'url', message: 'malformed percent-encoding' }] }));
  }
  if (CONTROL.test(decoded)) {
    return next(new DomainError('VALIDATION_FAILED', 'the URL contains control characters', { violations: [{ field: 'url', message: 'control characters are not allowed' }] }));
  }
  next();
}
