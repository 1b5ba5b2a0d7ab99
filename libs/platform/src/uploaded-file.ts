import { DomainError } from '@app/common';
import type { FastifyRequest } from 'fastify';

export interface UploadedFile {
  buffer: Buffer;
  filename: string;
  contentType: string;
}

/**
 * The one file of a multipart/form-data request, read into memory up to
 * `maxBytes` (spreadsheets are parsed in memory; the limit keeps one upload
 * from exhausting it). Undefined when the request carries no such file.
 */
export async function readUploadedFile(req: FastifyRequest, field: string, maxBytes: number): Promise<UploadedFile | undefined> {
  if (!req.isMultipart()) return undefined;
  let part;
  try {
    part = await req.file({ limits: { fileSize: maxBytes } });
    if (!part || part.fieldname !== field) return undefined;
    const buffer = await part.toBuffer();
    return { buffer, filename: part.filename, contentType: part.mimetype };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw DomainError.validation([{ field, message: 'send exactly one file and no other fields' }]);
    }
    if (error instanceof Error && /multipart|boundary|Unexpected end of form/i.test(error.message)) {
      throw DomainError.validation([{ field, message: 'the multipart/form-data body is malformed' }]);
    }
    throw error;
  }
}
