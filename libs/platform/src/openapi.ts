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
  return SwaggerModule.createDocument(app, config);
}

/** `/api/openapi.json` (machine-readable) and `/api/docs` (interactive). */
export function mountOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/openapi.json', swaggerOptions: { persistAuthorization: true } });
  return document;
}
