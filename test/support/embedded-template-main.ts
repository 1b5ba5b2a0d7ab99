import * as fs from 'node:fs';
import { Database } from '@app/persistence';
import { runAsChild } from './child-main';

/**
 * Run once by the global setup: writes a migrated, empty embedded database to the path it is
 * given, from which every suite's in-memory database starts (see `openTestDatabase`).
 */
runAsChild(async () => {
  const out = process.argv[2];
  if (!out) throw new Error('usage: embedded-template-main <file>');
  const dump = await Database.embeddedTemplate();
  fs.writeFileSync(out, Buffer.from(await dump.arrayBuffer()));
});
