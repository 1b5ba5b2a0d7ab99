import type { FastifyReply, FastifyRequest } from 'fastify';

const DOCUMENT_TYPES = ['text/html', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

/**
 * Printable pages and exports (monitoring, evaluation, purchase review,
 * compliance reports) carry named units' figures: a browser or a proxy must
 * keep no copy of them on disk, where the next user of a shared office
 * machine would find it. Set here, for every route, so a new export cannot
 * forget it; a route that chose its own Cache-Control keeps it.
 */
export function noStoreDocuments(_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void): void {
  const type = String(reply.getHeader('content-type') ?? '').toLowerCase();
  const document = reply.hasHeader('content-disposition') || DOCUMENT_TYPES.some((t) => type.startsWith(t));
  if (document && !reply.hasHeader('cache-control')) void reply.header('Cache-Control', 'no-store');
  done(null, payload);
}
