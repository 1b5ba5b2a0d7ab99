// Validates an OpenAPI 3 document against the official JSON schema.
//   node scripts/check-openapi.mjs <file.json | http://…/api/openapi.json>
import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';

const source = process.argv[2];
if (!source) {
  console.error('usage: check-openapi <file or URL>');
  process.exit(2);
}
const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : await readFile(source, 'utf8');
const result = await new Validator().validate(JSON.parse(text));
if (!result.valid) {
  console.error(JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
console.log(`valid OpenAPI ${JSON.parse(text).openapi}`);
