import { DomainError } from '@app/common';
import type { AppConfig } from '@app/config';
import type { ListUnitsUseCase } from '@app/catalog';
import { mountConsole } from '@app/platform';
import { MintDemoTokenUseCase } from './mint-demo-token.usecase';

const units = { execute: async () => [{ id: 'jx-u002' }, { id: 'jx-u001' }] } as unknown as ListUnitsUseCase;
const config = (demo: boolean) => ({ demo, auth: { jwtSecret: 'x'.repeat(40) } }) as AppConfig;

describe('demo tokens', () => {
  it('do not exist outside the demo: no identities, and minting is a 404 (NOT_FOUND)', async () => {
    const useCase = new MintDemoTokenUseCase(config(false), units);
    expect(await useCase.identities()).toEqual({ enabled: false, identities: [] });
    await expect(useCase.execute({ role: 'admin' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(useCase.execute({ role: 'admin' })).rejects.toBeInstanceOf(DomainError);
  });

  it('in the demo, belong to its first unit by id, the researcher being the seeded requester', async () => {
    const { identities } = await new MintDemoTokenUseCase(config(true), units).identities();
    expect(identities.find((i) => i.role === 'user')).toEqual({ role: 'user', sub: 'demo-user-jx-u001', unitId: 'jx-u001' });
    expect(identities.find((i) => i.role === 'department')).toEqual({ role: 'department', sub: 'demo-department', department: 'science_bureau' });
  });
});

describe('console serving', () => {
  it('mounts nothing when turned off or when there is no build', () => {
    // Neither case touches the app.
    expect(mountConsole(undefined as never, { enabled: false, distDir: __dirname })).toBe(false);
    expect(mountConsole(undefined as never, { enabled: true, distDir: __dirname })).toBe(false);
  });
});
