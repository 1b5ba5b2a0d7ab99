import { Controller } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import {
  AccessPolicy,
  AcceptsScrapeToken,
  AuthGuard,
  Devices,
  JwtVerifier,
  Partners,
  Public,
  Roles,
  ScrapeToken,
  callerOf,
  mintToken,
  type Caller,
  type DeviceCredentials,
  type PartnerCredentials,
} from '@app/auth';
import { DomainError } from '@app/common';

const SECRET = 'a-test-secret-that-is-long-enough-000';
const PARTNER_TOKEN = 'shanghai-partner-token';
const DEVICE_TOKEN = 'iot-gateway-token';
const SCRAPE_TOKEN = 'prometheus-scrape-token';

const partners: PartnerCredentials = (token) => (token === PARTNER_TOKEN ? { kind: 'partner', partnerId: 'shanghai', region: 'shanghai' } : undefined);
const devices: DeviceCredentials = (token) => (token === DEVICE_TOKEN ? { kind: 'device', id: 'gw-a', unitIds: ['jx-u001'] } : undefined);

/** One endpoint per kind of rule; the handlers are never run, the guard only reads their declarations. */
@Controller()
class People {
  @Public() open() {}
  @Roles('admin') admins() {}
  @Roles('admin') @AcceptsScrapeToken() metrics() {}
  @Partners() partnersOnly() {}
  @Devices() devicesOnly() {}
  undeclared() {}
}

@Controller()
@Partners()
class PartnerService {
  call() {}
  @Public() health() {}
}

type Endpoint = [object, string];

/** A call as each transport hands it to Nest's guards: `[req, res]` over HTTP, `[message, metadata, call]` over gRPC. */
const TRANSPORTS = {
  http: (authorization: string | undefined, [controller, method]: Endpoint) => {
    const req: { headers: Record<string, string>; caller?: Caller; principal?: unknown } = { headers: authorization === undefined ? {} : { authorization } };
    const context = new ExecutionContextHost([req, {}], controller as never, (controller as { prototype: Record<string, () => void> }).prototype[method]);
    context.setType('http');
    return context;
  },
  rpc: (authorization: string | undefined, [controller, method]: Endpoint) => {
    // grpc-js's Metadata, structurally: what the guard reads of it.
    const metadata = { get: (key: string) => (key === 'authorization' && authorization !== undefined ? [authorization] : []) };
    const context = new ExecutionContextHost(
      [{}, metadata, {}],
      controller as never,
      (controller as { prototype: Record<string, () => void> }).prototype[method],
    );
    context.setType('rpc');
    return context;
  },
};

describe.each(Object.keys(TRANSPORTS) as (keyof typeof TRANSPORTS)[])('AuthGuard over %s', (transport) => {
  const guard = new AuthGuard(new Reflector(), new AccessPolicy(new JwtVerifier({ secret: SECRET }), new ScrapeToken(SCRAPE_TOKEN), partners, devices));
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    tokens.admin = await mintToken(SECRET, { sub: 'office-1', roles: ['admin'] });
    tokens.user = await mintToken(SECRET, { sub: 'alice', roles: ['user'], unitId: 'jx-u002' });
    tokens.partner = PARTNER_TOKEN;
    tokens.device = DEVICE_TOKEN;
    tokens.scrape = SCRAPE_TOKEN;
  });

  /** The caller the guard admitted, or the code of the DomainError it refused with. */
  const call = async (endpoint: Endpoint, who?: string, authorization = who && `Bearer ${tokens[who]}`): Promise<Caller | undefined | string> => {
    const context = TRANSPORTS[transport](authorization, endpoint);
    try {
      await guard.canActivate(context);
      return callerOf(context);
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
  };

  it('lets anyone call a @Public endpoint, and still reads a credential of any kind sent to it', async () => {
    expect(await call([People, 'open'])).toBeUndefined();
    expect(await call([People, 'open'], 'user')).toMatchObject({ kind: 'user', sub: 'alice' });
    expect(await call([People, 'open'], 'partner')).toEqual({ kind: 'partner', partnerId: 'shanghai', region: 'shanghai' });
    expect(await call([People, 'open'], undefined, 'Bearer forged')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'open'], undefined, 'Basic YWxpY2U6c2VjcmV0')).toBe('UNAUTHENTICATED');
  });

  it('admits a person with one of the roles, refuses one without (FORBIDDEN) and anyone without a JWT (UNAUTHENTICATED)', async () => {
    expect(await call([People, 'admins'], 'admin')).toMatchObject({ kind: 'user', sub: 'office-1', roles: ['admin'] });
    expect(await call([People, 'admins'], 'user')).toBe('FORBIDDEN');
    expect(await call([People, 'admins'])).toBe('UNAUTHENTICATED');
  });

  it("never reads a partner's or a device's token as a person's: unknown on a route for people", async () => {
    expect(await call([People, 'admins'], 'partner')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'admins'], 'device')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'admins'], 'scrape')).toBe('UNAUTHENTICATED');
  });

  it('takes the scrape token only where it is accepted', async () => {
    expect(await call([People, 'metrics'], 'scrape')).toEqual({ kind: 'scraper' });
    expect(await call([People, 'metrics'], 'admin')).toMatchObject({ kind: 'user' });
  });

  it("admits a partner's token on a @Partners endpoint and no person's JWT, not even an admin's", async () => {
    expect(await call([People, 'partnersOnly'], 'partner')).toEqual({ kind: 'partner', partnerId: 'shanghai', region: 'shanghai' });
    expect(await call([People, 'partnersOnly'], 'admin')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'partnersOnly'], 'device')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'partnersOnly'])).toBe('UNAUTHENTICATED');
  });

  it("admits a device's token on a @Devices endpoint and nobody else's", async () => {
    expect(await call([People, 'devicesOnly'], 'device')).toEqual({ kind: 'device', id: 'gw-a', unitIds: ['jx-u001'] });
    expect(await call([People, 'devicesOnly'], 'admin')).toBe('UNAUTHENTICATED');
    expect(await call([People, 'devicesOnly'], 'partner')).toBe('UNAUTHENTICATED');
  });

  it('denies an endpoint that declares nothing to everyone, with any credential', async () => {
    expect(await call([People, 'undeclared'])).toBe('UNAUTHENTICATED');
    expect(await call([People, 'undeclared'], 'admin')).toBe('FORBIDDEN');
    expect(await call([People, 'undeclared'], 'partner')).toBe('UNAUTHENTICATED');
  });

  it("reads a class's rule for its handlers, and a handler's own over it", async () => {
    expect(await call([PartnerService, 'call'], 'partner')).toMatchObject({ kind: 'partner' });
    expect(await call([PartnerService, 'call'], 'admin')).toBe('UNAUTHENTICATED');
    expect(await call([PartnerService, 'health'])).toBeUndefined();
  });
});

describe('AuthGuard: where the caller is left', () => {
  const guard = new AuthGuard(new Reflector(), new AccessPolicy(new JwtVerifier({ secret: SECRET }), new ScrapeToken(undefined), partners, devices));

  it("puts a person's claims on the HTTP request as they were verified, beside the caller", async () => {
    const req: { headers: Record<string, string>; principal?: unknown; caller?: unknown } = {
      headers: { authorization: `Bearer ${await mintToken(SECRET, { sub: 'office-1', roles: ['admin'], region: 'jiaxing' })}` },
    };
    const context = new ExecutionContextHost([req, {}], People, People.prototype.admins);
    context.setType('http');
    await guard.canActivate(context);
    expect(req.principal).toEqual({ sub: 'office-1', roles: ['admin'], region: 'jiaxing', unitId: undefined });
    expect(req.caller).toMatchObject({ kind: 'user', sub: 'office-1' });
  });

  it('keeps a gRPC caller with its own call: another call made with no credential has none', async () => {
    const metadata = (authorization?: string) => ({ get: () => (authorization ? [authorization] : []) });
    const first = new ExecutionContextHost([{}, metadata(`Bearer ${PARTNER_TOKEN}`), {}], PartnerService, PartnerService.prototype.health);
    const second = new ExecutionContextHost([{}, metadata(), {}], PartnerService, PartnerService.prototype.health);
    first.setType('rpc');
    second.setType('rpc');
    await guard.canActivate(first);
    await guard.canActivate(second);
    expect(callerOf(first)).toMatchObject({ kind: 'partner', partnerId: 'shanghai' });
    expect(callerOf(second)).toBeUndefined();
  });
});
