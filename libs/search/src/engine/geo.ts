import type { GeoPoint } from './types';

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine formula). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Point on the unit sphere: distance ranking then costs three multiplications, not a haversine per document. */
export function toUnitVector(p: GeoPoint): [number, number, number] {
  const lat = p.lat * RAD;
  const lon = p.lon * RAD;
  return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

/** Squared chord between two unit vectors, a monotone function of the great-circle distance. */
export function chordSquared(x: number, y: number, z: number, v: readonly [number, number, number]): number {
  const dx = x - v[0];
  const dy = y - v[1];
  const dz = z - v[2];
  return dx * dx + dy * dy + dz * dz;
}

/** Great-circle distance in km for a squared chord (equal to the haversine distance). */
export function chordSquaredToKm(c2: number): number {
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(c2) / 2));
}

/** Squared chord of a great-circle distance: the radius filter compares with it. */
export function kmToChordSquared(km: number): number {
  const chord = 2 * Math.sin(Math.min(Math.PI / 2, km / (2 * EARTH_RADIUS_KM)));
  return chord * chord;
}
