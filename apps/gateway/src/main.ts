import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { JsonLogger, runClustered } from '@app/platform';
import { startGateway } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = new JsonLogger(config.logLevel);
  // GATEWAY_PROCESSES > 1: this process supervises that many gateways on the same ports.
  await runClustered({
    processes: config.processes,
    logger,
    start: async () => {
      await startGateway(config);
    },
  });
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'gateway listening', pid: process.pid, http: `http://${config.host}:${config.httpPort}`, grpc: `${config.host}:${config.grpcPort}`, processes: config.processes })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
