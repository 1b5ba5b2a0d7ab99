import { InputContract, REGIONS, type Region } from '@app/common';

/** `GET /units`: the management units, of one region or all. */
export interface ListUnitsInput {
  region?: Region;
}

export const listUnitsInput = new InputContract<ListUnitsInput>('ListUnitsInput', {
  type: 'object',
  additionalProperties: false,
  properties: { region: { type: 'string', nullable: true, enum: [...REGIONS] } },
});
