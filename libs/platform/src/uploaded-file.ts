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
  const onlyOne = () => DomainError.validation([{ field, message: `send exactly one file, as multipart/form-data field "${field}"` }]);
  let found: UploadedFile | undefined;
  try {
    // Every part is read, so a second file is refused rather than silently left out.
    for await (const part of req.parts({ limits: { fileSize: maxBytes } })) {
      if (part.type !== 'file') continue;
      if (found || part.fieldname !== field) {
        part.file.resume();
        throw onlyOne();
      }
      found = { buffer: await part.toBuffer(), filename: part.filename, contentType: part.mimetype };
    }
    return found;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes`);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') throw onlyOne();
    if (error instanceof Error && /multipart|boundary|Unexpected end of form/i.test(error.message)) {
      throw DomainError.validation([{ field, message: 'the multipart/form-data body is malformed' }]);
    }
    throw error;
  }
}
