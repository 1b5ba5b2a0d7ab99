import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRegion, sha256Hex, type Region } from '@app/common';
import { ConfigError } from './config-error';

/** One partner platform the gateway federates with (an entry of PARTNERS_FILE). */
export interface PartnerConfig {
  id: string;
  region: Region;
  protocol: 'grpc' | 'openapi';
  /** `host:port` for gRPC, base URL for OpenAPI. */
  address: string;
  /**
   * SHA-256 (hex) of what this partner presents to us as `authorization:
   * Bearer …` (`inboundToken` in the file): the token itself is not kept.
   */
  inboundTokenSha256: string;
  /** What we present to it. */
  outboundToken: string;
  /** TLS towards this partner: CA to trust, and our client certificate for mutual TLS. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** How often to pull its changes (ms); default 5 s. */
  pullIntervalMs: number;
  /** Deadline of every outbound call (ms); default 10 s. */
  deadlineMs: number;
}

const ID = /^[a-z][a-z0-9-]{0,39}$/;

/** Reads and validates the partners file once at start-up; a bad entry stops the process naming it. */
export function loadPartners(file: string | undefined, cwd: string): PartnerConfig[] {
  if (!file) return [];
  const resolved = path.resolve(cwd, file);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(resolved, 'utf8'));
  } catch (error) {
    throw new ConfigError('PARTNERS_FILE', `must name a readable JSON file (${error instanceof Error ? error.message : String(error)})`, file);
  }
  if (!Array.isArray(raw)) throw new ConfigError('PARTNERS_FILE', 'must hold a JSON array of partners', file);
  const seen = new Set<string>();
  const tokens = new Set<string>();
  return raw.map((entry: Record<string, unknown>, index) => {
    const where = (field: string) => `entry ${index}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''} field ${field}`;
    const fail = (field: string, expected: string): never => {
      throw new ConfigError('PARTNERS_FILE', `${where(field)} ${expected}`, file);
    };
    if (!entry || typeof entry !== 'object') fail('(entry)', 'must be an object');
    const str = (field: string, min = 1) =>
      typeof entry[field] === 'string' && (entry[field] as string).length >= min
        ? (entry[field] as string)
        : fail(field, `must be a string of at least ${min} characters`);
    const id = str('id');
    if (!ID.test(id)) fail('id', 'must be lower-case letters, digits and dashes');
    if (seen.has(id)) fail('id', 'must be unique');
    seen.add(id);
    const region = entry.region;
    if (!isRegion(region)) fail('region', 'must be one of jiaxing, zhejiang, shanghai, jiangsu, anhui');
    const protocol = entry.protocol;
    if (protocol !== 'grpc' && protocol !== 'openapi') fail('protocol', 'must be grpc or openapi');
    const tls = entry.tls as PartnerConfig['tls'] | undefined;
    if (tls !== undefined && (typeof tls !== 'object' || tls === null)) fail('tls', 'must be an object {caFile, certFile, keyFile}');
    for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
      const value = tls?.[key];
      if (value !== undefined && (typeof value !== 'string' || !fs.existsSync(path.resolve(cwd, value)))) fail(`tls.${key}`, 'must name an existing file');
    }
    if (tls && !!tls.certFile !== !!tls.keyFile) fail('tls', 'needs both certFile and keyFile for mutual TLS');
    const num = (field: string, fallback: number) => {
      const value = entry[field];
      if (value === undefined) return fallback;
      return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fail(field, 'must be a positive integer (ms)');
    };
    return {
      id,
      region: region as Region,
      protocol: protocol as PartnerConfig['protocol'],
      address: str('address'),
      inboundTokenSha256: inboundDigest(str('inboundToken', 16), tokens, fail),
      outboundToken: str('outboundToken', 16),
      tls: tls
        ? {
            caFile: tls.caFile && path.resolve(cwd, tls.caFile),
            certFile: tls.certFile && path.resolve(cwd, tls.certFile),
            keyFile: tls.keyFile && path.resolve(cwd, tls.keyFile),
          }
        : undefined,
      pullIntervalMs: num('pullIntervalMs', 5_000),
      deadlineMs: num('deadlineMs', 10_000),
    };
  });
}

/** One token, one partner: a token two partners share could not say who is calling. */
function inboundDigest(token: string, seen: Set<string>, fail: (field: string, expected: string) => never): string {
  const digest = sha256Hex(token);
  if (seen.has(digest)) fail('inboundToken', "must differ from every other partner's");
  seen.add(digest);
  return digest;
}
