import type { DeviceCaller, PartnerCaller } from './principal';

/**
 * Ports for the credentials whose registries other libs own: a verifier
 * answers who holds a presented bearer token, or undefined when nobody does.
 * Synchronous on purpose: they compare digests held in memory, and a gRPC
 * client stream must not wait on I/O before Nest's transport hands it over.
 */
export type CredentialVerifier<C> = (token: string) => C | undefined;

/** Partners' inbound tokens (the partners registry is federation's). */
export const PARTNER_CREDENTIALS = Symbol('PARTNER_CREDENTIALS');
export type PartnerCredentials = CredentialVerifier<PartnerCaller>;

/** Devices' own tokens (IoT gateways: usage). */
export const DEVICE_CREDENTIALS = Symbol('DEVICE_CREDENTIALS');
export type DeviceCredentials = CredentialVerifier<DeviceCaller>;
