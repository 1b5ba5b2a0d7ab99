import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { startGateway } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  await startGateway(config);
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'gateway listening', http: `http://${config.host}:${config.httpPort}`, grpc: `${config.host}:${config.grpcPort}` })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
