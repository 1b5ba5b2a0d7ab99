import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCOPED_UNIT_ID } from '@app/common';
import { ConfigError } from './config-error';

/**
 * One IoT gateway that reports instruments' power-on intervals (an entry of
 * IOT_GATEWAYS_FILE). It speaks only for the instruments of its units: an
 * event about any other instrument is rejected, whatever its token.
 */
export interface IotGatewayConfig {
  id: string;
  /** Jiaxing management units whose instruments this gateway may report (at least one). */
  unitIds: string[];
  /**
   * SHA-256 (hex, lower case) of the bearer token the gateway presents. The file
   * holds only the digest, so whoever reads the configuration cannot speak as a gateway.
   */
  tokenSha256: string;
}

const ID = /^[a-z][a-z0-9-]{0,39}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Reads and validates the gateways file once at start-up; a bad entry stops the process naming it. */
export function loadIotGateways(file: string | undefined, cwd: string): IotGatewayConfig[] {
  if (!file) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (error) {
    throw new ConfigError('IOT_GATEWAYS_FILE', `must name a readable JSON file (${error instanceof Error ? error.message : String(error)})`, file);
  }
  if (!Array.isArray(raw)) throw new ConfigError('IOT_GATEWAYS_FILE', 'must hold a JSON array of gateways', file);
  const ids = new Set<string>();
  const digests = new Set<string>();
  return raw.map((entry: Record<string, unknown>, index) => {
    const fail = (field: string, expected: string): never => {
      throw new ConfigError('IOT_GATEWAYS_FILE', `entry ${index}${typeof entry?.id === 'string' ? ` (${entry.id})` : ''} field ${field} ${expected}`, file);
    };
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) fail('(entry)', 'must be an object');
    const unknown = Object.keys(entry).find((key) => !['id', 'unitIds', 'tokenSha256'].includes(key));
    // A misspelt field (`unitId`, `token`) would otherwise be silently dropped.
    if (unknown !== undefined) fail(unknown, 'is not a field of a gateway (id, unitIds, tokenSha256)');
    const id = entry.id;
    if (typeof id !== 'string' || !ID.test(id)) fail('id', 'must be lower-case letters, digits and dashes (≤ 40)');
    if (ids.has(id as string)) fail('id', 'must be unique');
    ids.add(id as string);
    const unitIds = entry.unitIds;
    if (!Array.isArray(unitIds) || unitIds.length === 0) fail('unitIds', 'must be a non-empty array of unit ids');
    for (const unitId of unitIds as unknown[]) {
      if (typeof unitId !== 'string' || !SCOPED_UNIT_ID.test(unitId))
        fail('unitIds', `must hold unit ids (letters, digits, _ -, ≤ 32), not ${JSON.stringify(unitId)}`);
    }
    const digest = entry.tokenSha256;
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) fail('tokenSha256', 'must be the SHA-256 of the token, 64 hex digits');
    const tokenSha256 = (digest as string).toLowerCase();
    // One token, one gateway: a token two gateways share could not say which units are speaking.
    if (digests.has(tokenSha256)) fail('tokenSha256', "must differ from every other gateway's");
    digests.add(tokenSha256);
    return { id: id as string, unitIds: [...new Set(unitIds as string[])], tokenSha256 };
  });
}
