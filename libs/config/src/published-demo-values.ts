import { sha256Hex } from '@app/common';

/** The demo's published secrets: accepted only by the demo command, on loopback, so they never guard real data. */
export const DEMO_JWT_SECRET = 'yrd-demo-secret-change-me-0123456789';
export const DEMO_PSEUDONYM_KEY = 'yrd-demo-pseudonym-key-change-me-0123';

/**
 * SHA-256 (hex) of the tokens in `config/demo/partners.json`, kept in code so the refusal does not
 * depend on that file being deployed (a spec checks they match it). Digests, not the tokens: the
 * file is the one place the demo's tokens are written.
 */
export const DEMO_PARTNER_TOKEN_SHA256: Readonly<Record<string, { inbound: string; outbound: string }>> = {
  shanghai: {
    inbound: '72a69e9dcf9755436898323f362b6b52bf7c27e76514766120528a084dfdf7c9',
    outbound: '791c09cf34d7c3fe8381e728ed604c5e564a017d72ee8e21b68a4e196134fe99',
  },
  jiangsu: {
    inbound: '59789e4b9e1b32c296b9818d387dfa6701867b30a9e493d747f7742dbc21c8ff',
    outbound: '0240d219116343ba37f752d46673d8f6ccfba6d8355ac3f44934df389c181683',
  },
  anhui: {
    inbound: 'f930a0fddc2a96529018c48222cd784570100157fe320a749da98cc33bd199c2',
    outbound: '8a8a407a1e8f383681a8619d3da961253b01438be374899552d523280a645543',
  },
  zhejiang: {
    inbound: 'f66876ef6461c2403da3b8f5c65f8f7b5e74d2fe9016e21acb060823dc0c6026',
    outbound: '65924bf9723f6d656e6c0ffc10d0a5ef05fd92cea4419db33a5a86efae23ff7a',
  },
};

/**
 * SHA-256 (hex) of the demo IoT gateways' tokens (`config/demo/iot-gateways.json`, which holds only
 * these digests; the tokens, `demo-iot-<unit>-token`, are in the README): in code for the same
 * reason as the partners' (a spec keeps them equal to the file).
 */
export const DEMO_IOT_GATEWAY_TOKEN_SHA256: Readonly<Record<string, string>> = {
  'jx-u001-iot': 'a02b6efb92b6e8278f53dff8ba6c2f88d34197acb24276af40b5883111a65cce',
  'jx-u002-iot': 'd5091656bf17507d20e67ac9dad6559250f78e60be7e594b892f57211b98bbfa',
  'jx-u003-iot': 'aa438516a96aad5a29ebe54ffa12640212e202bb3b901146437e882bd167be9d',
};

/**
 * Every value the repository publishes, whichever variable it was published for: a demo secret
 * reused as another secret (the demo pseudonym key as the JWT secret, a demo partner token as the
 * metrics token) is as public as in its own place.
 */
const PUBLISHED_SHA256: ReadonlySet<string> = new Set([
  sha256Hex(DEMO_JWT_SECRET),
  sha256Hex(DEMO_PSEUDONYM_KEY),
  ...Object.values(DEMO_PARTNER_TOKEN_SHA256).flatMap((t) => [t.inbound, t.outbound]),
  ...Object.values(DEMO_IOT_GATEWAY_TOKEN_SHA256),
]);

/** Whether a value with this SHA-256 (hex) is one the repository publishes. */
export function isPublishedDemoDigest(digest: string): boolean {
  return PUBLISHED_SHA256.has(digest);
}

export function isPublishedDemoValue(value: string): boolean {
  return isPublishedDemoDigest(sha256Hex(value));
}
