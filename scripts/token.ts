/**
 * Mints a bearer token with AUTH_JWT_SECRET, or for the demo with its published secret when that is unset.
 *   npm run token -- --role unit_admin --unit jx-u001 [--sub alice] [--region jiaxing] [--ttl 12h]
 *   npm run token -- --role department --department science_bureau
 */
import { ROLES, isRole, mintToken } from '@app/auth';
import { DEPARTMENT_CODES, isDepartmentCode } from '@app/common';
import { tokenSecretOrExit } from '@app/config';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      unit: { type: 'string' },
      department: { type: 'string' },
      sub: { type: 'string' },
      region: { type: 'string', default: 'jiaxing' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const roles = values.role ?? ['user'];
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) {
    process.stderr.write(`unknown role ${bad.join(', ')}: use ${ROLES.join(', ')}\n`);
    process.exit(2);
  }
  // The gateway refuses a department token that does not name its department: do not mint one.
  const department = values.department;
  if (roles.includes('department') && !isDepartmentCode(department)) {
    process.stderr.write(`--role department needs --department ${DEPARTMENT_CODES.join('|')}\n`);
    process.exit(2);
  }
  const token = await mintToken(
    tokenSecretOrExit(),
    {
      sub: values.sub ?? `demo-${roles.join('+')}${values.unit ? `-${values.unit}` : ''}`,
      roles: roles.filter(isRole),
      unitId: values.unit,
      region: values.region,
      department: isDepartmentCode(department) ? department : undefined,
    },
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

void main();
