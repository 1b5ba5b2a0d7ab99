/**
 * Mints a bearer token with AUTH_JWT_SECRET, or for the demo with its published secret when that is unset.
 *   npm run token -- --role unit_admin --unit jx-u001 [--sub alice] [--region jiaxing] [--ttl 12h]
 */
import { isRole, mintToken } from '@app/auth';
import { tokenSecretOrExit } from '@app/config';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      unit: { type: 'string' },
      sub: { type: 'string' },
      region: { type: 'string', default: 'jiaxing' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role ?? ['user'];
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) {
    process.stderr.write(`unknown role ${bad.join(', ')}: use user, unit_admin, customs_officer, drc_monitor or admin\n`);
    process.exit(2);
  }
  const token = await mintToken(
    tokenSecretOrExit(),
    { sub: values.sub ?? `demo-${roles.join('+')}${values.unit ? `-${values.unit}` : ''}`, roles: roles.filter(isRole), unitId: values.unit, region: values.region },
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

void main();
