import { SearchDocumentError } from './errors';
import { timestampMs } from './timestamp';
import type { SearchDocument } from './types';

const MAX_ID_LENGTH = 256;

/** Rejects a document the index could not file correctly; the engine's invariants rely on these. */
export function validateDocument(doc: SearchDocument): void {
  if (typeof doc !== 'object' || doc === null) throw new SearchDocumentError('document must be an object');
  const id = doc.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH)
    throw new SearchDocumentError(`id must be a string of 1 to ${MAX_ID_LENGTH} characters`);
  const fail = (message: string): never => {
    throw new SearchDocumentError(`${id}: ${message}`, id);
  };
  // Each field read by its name, not `doc[field]` over a list: a load keyed by a variable name was most
  // of this check's cost, paid a million times in a build.
  const required = (value: unknown, field: string) => typeof value === 'string' || fail(`${field} must be a string`);
  required(doc.name, 'name');
  required(doc.categoryCode, 'categoryCode');
  required(doc.region, 'region');
  required(doc.city, 'city');
  required(doc.unitId, 'unitId');
  required(doc.updatedAt, 'updatedAt');
  const optional = (value: unknown, field: string) => value === undefined || typeof value === 'string' || fail(`${field} must be a string when present`);
  optional(doc.nameEn, 'nameEn');
  optional(doc.model, 'model');
  optional(doc.manufacturer, 'manufacturer');
  optional(doc.categoryName, 'categoryName');
  optional(doc.description, 'description');
  optional(doc.feeUnit, 'feeUnit');
  if (!Array.isArray(doc.serviceModes) || doc.serviceModes.some((m) => typeof m !== 'string')) fail('serviceModes must be an array of strings');
  if (typeof doc.customsGated !== 'boolean') fail('customsGated must be a boolean');
  const amount = (v: unknown, field: string) =>
    v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0) || fail(`${field} must be a non-negative number when present`);
  amount(doc.feeExternalCny, 'feeExternalCny');
  amount(doc.feeInternalCny, 'feeInternalCny');
  const loc = doc.location;
  if (loc !== undefined) {
    const ok =
      typeof loc === 'object' && loc !== null && Number.isFinite(loc.lat) && Number.isFinite(loc.lon) && Math.abs(loc.lat) <= 90 && Math.abs(loc.lon) <= 180;
    if (!ok) fail('location must be {lat: -90…90, lon: -180…180}');
  }
  if (Number.isNaN(timestampMs(doc.updatedAt))) fail('updatedAt must be an ISO 8601 timestamp');
  if (doc.visibility !== 'public' && doc.visibility !== 'unit') fail("visibility must be 'public' or 'unit'");
}
