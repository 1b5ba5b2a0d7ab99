import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, urlencoded } from 'express';
import { JsonLogger } from './json-logger';
import { MetricsService } from './metrics';
import { ProblemDetailsFilter } from './problem-details.filter';
import { rejectControlCharacters, requestIdMiddleware } from './request-context';
import { createValidationPipe } from './validation';
import { mountOpenApi } from './openapi';

export interface HttpAppOptions {
  bodyLimitBytes: number;
  logger: JsonLogger;
}

/**
 * Everything an HTTP app needs before `listen`, in one place so the gateway,
 * the tests and the benchmarks run exactly the same pipeline.
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions): void {
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(app.get(MetricsService).middleware());
  app.use((req: any, res: any, next: () => void) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      options.logger.event('info', 'request', {
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        sub: req.principal?.sub,
      });
    });
    next();
  });
  app.use(rejectControlCharacters);
  app.use(json({ limit: options.bodyLimitBytes }));
  app.use(urlencoded({ extended: false, limit: options.bodyLimitBytes }));
  app.useGlobalFilters(new ProblemDetailsFilter(options.logger));
  app.useGlobalPipes(createValidationPipe());
  app.setGlobalPrefix('api/v1', { exclude: ['health/live', 'health/ready', 'metrics'] });
  app.enableShutdownHooks();
  mountOpenApi(app);
}
