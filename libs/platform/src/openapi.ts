import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('YRD instrument-sharing gateway')
    .setDescription(
      'Federated catalog and cross-region booking of large research instruments (Jiaxing measures, 嘉兴市大型科研仪器设备开放共享管理办法). ' +
        'Errors are RFC 9457 application/problem+json. Policy decisions carry the article they come from.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return shareTooManyRequests(SwaggerModule.createDocument(app, config));
}

/** Every rate-limited operation's 429 points at one definition: problem+json and its `Retry-After` header. */
function shareTooManyRequests(document: OpenAPIObject): OpenAPIObject {
  const ref = { $ref: '#/components/responses/TooManyRequests' };
  let used = false;
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { responses?: Record<string, unknown> }[]) {
      if (operation?.responses?.['429']) {
        operation.responses['429'] = ref;
        used = true;
      }
    }
  }
  if (!used) return document;
  document.components ??= {};
  document.components.responses = {
    ...document.components.responses,
    TooManyRequests: {
      description:
        'Too many requests from this client (its token subject, else its address; a partner platform by its id) in the current window (RATE_LIMIT_*). Come back after `Retry-After` seconds.',
      headers: { 'Retry-After': { description: 'Seconds until the window has room again', schema: { type: 'integer', minimum: 1 } } },
      content: {
        'application/problem+json': {
          schema: {
            type: 'object',
            required: ['type', 'title', 'status', 'detail', 'code', 'retryAfterSeconds'],
            properties: {
              type: { type: 'string', example: 'urn:problem:yrd:rate-limited' },
              title: { type: 'string', example: 'Too Many Requests' },
              status: { type: 'integer', example: 429 },
              detail: { type: 'string' },
              code: { type: 'string', enum: ['RATE_LIMITED'] },
              limit: { type: 'integer', description: 'requests allowed per window' },
              windowSeconds: { type: 'integer' },
              retryAfterSeconds: { type: 'integer', minimum: 1 },
              instance: { type: 'string' },
              requestId: { type: 'string' },
            },
          },
        },
      },
    },
  };
  return document;
}

/** `/api/openapi.json` (machine-readable) and `/api/docs` (interactive). */
export function mountOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', swaggerOptions: { persistAuthorization: true } });
  return document;
}
