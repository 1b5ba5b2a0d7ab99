import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { createGateway } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createGateway(config);
  await app.listen(config.httpPort, config.host);
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: 'gateway listening', http: `http://${config.host}:${config.httpPort}` })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`gateway failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
