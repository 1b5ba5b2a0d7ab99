import { Inject, Injectable } from '@nestjs/common';
import { mintToken } from '@app/auth';
import { ListUnitsUseCase } from '@app/catalog';
import { DomainError } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { demoIdentities } from './demo-identities';
import { mintDemoTokenInput } from './mint-demo-token.input';

export interface DemoIdentityView {
  role: string;
  sub: string;
  unitId?: string;
  department?: string;
}

/**
 * One-click sign-in of the demo: a token for a demo role, minted with the demo's published secret.
 * Only while `npm run demo` runs (config `demo`, loopback only); anywhere else the tokens do not
 * exist (404), so a deployment can never hand out a token to whoever asks.
 */
@Injectable()
export class MintDemoTokenUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly units: ListUnitsUseCase,
  ) {}

  async identities(): Promise<{ enabled: boolean; identities: DemoIdentityView[] }> {
    if (!this.config.demo) return { enabled: false, identities: [] };
    return {
      enabled: true,
      identities: (await this.all()).map(({ roles, sub, unitId, department }) => ({
        role: roles[0],
        sub,
        ...(unitId ? { unitId } : {}),
        ...(department ? { department } : {}),
      })),
    };
  }

  /** `body`: a `MintDemoTokenInput`, checked here after the demo is known to run: elsewhere the route is a 404 whatever is sent. */
  async execute(body: unknown): Promise<{ token: string; role: string; sub: string; expiresInSeconds: number }> {
    if (!this.config.demo) throw new DomainError('NOT_FOUND', 'Demo tokens exist only in `npm run demo`; sign in with a token from your identity provider');
    const { role } = mintDemoTokenInput.parse(body);
    const identity = (await this.all()).find((i) => i.roles[0] === role)!;
    return { token: await mintToken(this.config.auth.jwtSecret, identity, '12h'), role, sub: identity.sub, expiresInSeconds: 12 * 3600 };
  }

  /** The demo's first unit (by id), as the demo command prints it. */
  private async all() {
    const units = (await this.units.execute({ region: 'jiaxing' })).map((u) => u.id).sort();
    if (units.length === 0) throw new DomainError('PRECONDITION_FAILED', 'The demo has no Jiaxing unit yet: wait for its seed to finish');
    return demoIdentities(units[0]);
  }
}
