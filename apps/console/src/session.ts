import { computed, ref } from 'vue';

/** The roles the gateway's tokens carry (libs/auth ROLES). */
export type Role = 'user' | 'unit_admin' | 'customs_officer' | 'drc_monitor' | 'department' | 'admin';

export interface Claims {
  sub: string;
  roles: Role[];
  unitId?: string;
  department?: string;
  region?: string;
  exp?: number;
}

const KEY = 'yrd.console.token';

/**
 * The token's claims as the browser reads them, to choose what to show. The gateway verifies the
 * token on every call; nothing here is trusted for access, it only keeps the menu to what the API allows.
 */
export function readClaims(token: string): Claims | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const claims = JSON.parse(decodeURIComponent(escape(json))) as Partial<Claims>;
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return undefined;
    return claims as Claims;
  } catch {
    return undefined;
  }
}

function expired(claims: Claims): boolean {
  return typeof claims.exp === 'number' && claims.exp * 1000 <= Date.now();
}

function initial(): string | undefined {
  const stored = sessionStorage.getItem(KEY) ?? undefined;
  const claims = stored ? readClaims(stored) : undefined;
  return claims && !expired(claims) ? stored : undefined;
}

// Session storage: a token lives as long as the tab, never on disk beyond it.
const token = ref<string | undefined>(initial());

export const session = {
  token: computed(() => token.value),
  claims: computed(() => (token.value ? readClaims(token.value) : undefined)),
  signIn(value: string): Claims | undefined {
    const claims = readClaims(value.trim());
    if (!claims || expired(claims)) return undefined;
    token.value = value.trim();
    sessionStorage.setItem(KEY, token.value);
    return claims;
  },
  signOut(): void {
    token.value = undefined;
    sessionStorage.removeItem(KEY);
  },
  has(...roles: Role[]): boolean {
    const mine = this.claims.value?.roles ?? [];
    return roles.some((r) => mine.includes(r));
  },
};
