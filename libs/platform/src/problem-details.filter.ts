import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@app/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger } from './json-logger';

/** The one mapping from domain error codes to HTTP status. */
export const HTTP_STATUS_OF: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // The resource's state forbids the change (a started window, a decided booking): 409, as
  // RFC 9110 reserves 412 for conditional request headers, which this API does not use.
  PRECONDITION_FAILED: 409,
  SLOT_TAKEN: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  REQUEST_IN_FLIGHT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  UNAVAILABLE: 503,
  RATE_LIMITED: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** What the JSON body parser raises: a 400 the filter reports as `MALFORMED_BODY`. */
export function malformedBody(): Error {
  return Object.assign(new SyntaxError('The request body is not valid JSON.'), { statusCode: 400 });
}

/**
 * A request Node's HTTP parser refused before there was a request (headers or
 * request line too large, malformed): written straight to the socket, still as
 * a problem document with a request id for the logs.
 */
export function rawProblemResponse(code: string | undefined, requestId: string): string {
  const [status, problem, detail] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST_TOO_LARGE', 'The request line and headers are too large (a search query this long cannot be answered).']
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  const body = JSON.stringify({
    type: `urn:problem:yrd:${problem.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status],
    status,
    detail,
    code: problem,
    instance: '',
    requestId,
  });
  return `HTTP/1.1 ${status} ${TITLES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId?: string;
  [extension: string]: unknown;
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    default:
      return status >= 500 ? 'INTERNAL' : 'HTTP_' + status;
  }
}

/**
 * Every error leaves as RFC 9457 `application/problem+json`. Unknown errors
 * become a 500 whose body says nothing about internals; the log has the stack
 * under the same request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: JsonLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.send(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  send(exception: unknown, req: FastifyRequest, reply: FastifyReply): void {
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500) {
      this.logger.event('error', 'unhandled error', {
        requestId: req.id,
        error: exception instanceof Error ? exception.stack : String(exception),
      });
    }
    if (reply.sent) return;
    // RFC 9110 §10.2.3: seconds until the client's window has room again.
    if (typeof problem.retryAfterSeconds === 'number') void reply.header('Retry-After', String(problem.retryAfterSeconds));
    void reply.status(problem.status).header('X-Request-Id', req.id).type('application/problem+json').send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, req: { url: string; id?: string }): ProblemDocument {
    const base = { instance: req.url, requestId: req.id };
    if (exception instanceof DomainError) {
      const status = HTTP_STATUS_OF[exception.code];
      return {
        type: `urn:problem:yrd:${exception.code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[status] ?? 'Error',
        status,
        detail: exception.message,
        code: exception.code,
        ...exception.details,
        ...base,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const detail =
        typeof response === 'string'
          ? response
          : Array.isArray((response as { message?: unknown }).message)
            ? (response as { message: string[] }).message.join('; ')
            : String((response as { message?: unknown }).message ?? exception.message);
      const code = codeForStatus(status);
      return { type: `urn:problem:yrd:${code.toLowerCase().replace(/_/g, '-')}`, title: TITLES[status] ?? 'Error', status, detail, code, ...base };
    }
    // Errors Fastify raises before Nest sees the request: a body that is not JSON, too large, of a type we do not take.
    const raw = exception as { statusCode?: number; code?: string; message?: string };
    if (exception instanceof Error && typeof raw.statusCode === 'number' && raw.statusCode >= 400 && raw.statusCode < 500) {
      const malformed = exception instanceof SyntaxError;
      const code = malformed ? 'MALFORMED_BODY' : codeForStatus(raw.statusCode);
      const detail = malformed
        ? 'The request body is not valid JSON.'
        : raw.statusCode === 413
          ? 'The request body is too large.'
          : raw.statusCode === 415
            ? 'Send JSON (application/json), or multipart/form-data where a file is expected.'
            : (raw.message ?? 'Bad request');
      return {
        type: `urn:problem:yrd:${code.toLowerCase().replace(/_/g, '-')}`,
        title: TITLES[raw.statusCode] ?? 'Error',
        status: raw.statusCode,
        detail,
        code,
        ...base,
      };
    }
    return {
      type: 'urn:problem:yrd:internal',
      title: TITLES[HttpStatus.INTERNAL_SERVER_ERROR],
      status: 500,
      detail: 'An unexpected error occurred; it has been logged with this request id.',
      code: 'INTERNAL',
      ...base,
    };
  }
}
