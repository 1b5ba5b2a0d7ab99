import { ROLES, type Role } from '@app/auth';
import { InputContract } from '@app/common';

/** `POST /demo/tokens`: which demo identity to sign in as. */
export interface MintDemoTokenInput {
  role: Role;
}

export const mintDemoTokenInput = new InputContract<MintDemoTokenInput>('MintDemoTokenInput', {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: { role: { type: 'string', enum: [...ROLES], description: 'one demo identity per role' } },
});
