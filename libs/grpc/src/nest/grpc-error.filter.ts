import { Catch, Logger, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { status } from '@grpc/grpc-js';
import { throwError, type Observable } from 'rxjs';
import { toServiceError } from '../grpc-errors';

/** The one error → gRPC status mapping (`toServiceError`), for calls served by Nest: whatever a guard, interceptor or handler threw. */
@Catch()
export class GrpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('grpc');

  catch(error: unknown, host: ArgumentsHost): Observable<never> {
    const mapped = toServiceError(error);
    if (mapped.code === status.INTERNAL) {
      const path = (host.getArgByIndex(2) as { getPath?: () => string } | undefined)?.getPath?.() ?? '(unknown method)';
      this.logger.error(`${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return throwError(() => mapped);
  }
}
