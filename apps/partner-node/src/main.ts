import { parseArgs } from 'node:util';
import { isRegion } from '@app/common';
import { startPartnerNode, type PartnerFault } from './partner-node';

/**
 *   node -r @swc-node/register apps/partner-node/src/main.ts --region shanghai --port 50061 --count 1000 --token <gateway's outbound token>
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      region: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      count: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      token: { type: 'string', multiple: true },
      fault: { type: 'string', default: 'none' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!isRegion(values.region) || values.region === 'jiaxing') {
    process.stderr.write('--region must be one of zhejiang, shanghai, jiangsu, anhui\n');
    process.exit(2);
  }
  if (!values.token?.length) {
    process.stderr.write('--token: the bearer token(s) this node accepts are required\n');
    process.exit(2);
  }
  const node = await startPartnerNode({
    region: values.region,
    host: values.host,
    port: Number(values.port),
    count: Number(values.count),
    seed: Number(values.seed),
    acceptedTokens: values.token,
    fault: values.fault as PartnerFault,
    onListChanges: values.verbose ? (cursor) => process.stdout.write(`${JSON.stringify({ level: 'debug', msg: 'ListChanges', cursor })}\n`) : undefined,
  });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', msg: 'partner node listening', region: values.region, address: node.address, instruments: node.store.all().length })}\n`,
  );
  const stop = () => void node.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
