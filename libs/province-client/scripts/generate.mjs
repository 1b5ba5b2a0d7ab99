// Generates the province API artefacts from the contract, openapi/province/openapi.yaml:
//   src/generated/province-api.d.ts           TypeScript types (openapi-typescript)
//   src/generated/province-api-document.ts    the document as a value, so the simulator and the
//                                              gateway validate against it at run time without a
//                                              YAML parser (and under Jest, which cannot load ESM)
// The document is first checked against the official OpenAPI 3.1 schema.
//
//   node libs/province-client/scripts/generate.mjs           write the files
//   node libs/province-client/scripts/generate.mjs --check   fail (exit 1) if they are not current
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { Validator } from '@seriousme/openapi-schema-validator';

const libRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = path.resolve(libRoot, '../..');
const specPath = path.join(repoRoot, 'openapi/province/openapi.yaml');
const specRel = path.relative(repoRoot, specPath);
const check = process.argv.includes('--check');

const HEADER = [
  `// Generated from ${specRel} by libs/province-client/scripts/generate.mjs; do not edit.`,
  '// Regenerate after changing the spec: node libs/province-client/scripts/generate.mjs',
  '',
].join('\n');

const yamlText = await readFile(specPath, 'utf8');
const validator = new Validator();
const result = await validator.validate(yamlText);
if (!result.valid) {
  console.error(`${specRel} is not a valid OpenAPI document:`);
  console.error(typeof result.errors === 'string' ? result.errors : JSON.stringify(result.errors, null, 2));
  process.exit(1);
}
// The validator parsed the YAML; a JSON round trip drops anything YAML-specific.
const document = JSON.parse(JSON.stringify(validator.specification));
if (document.openapi !== '3.1.0') {
  console.error(`${specRel}: expected openapi 3.1.0, got ${document.openapi}`);
  process.exit(1);
}

const types = HEADER + astToString(await openapiTS(pathToFileURL(specPath)));
const documentModule = HEADER + ['export const provinceApiDocument: Readonly<Record<string, unknown>> = ', JSON.stringify(document, null, 2), ';\n'].join('');

const outputs = [
  [path.join(libRoot, 'src/generated/province-api.d.ts'), types],
  [path.join(libRoot, 'src/generated/province-api-document.ts'), documentModule],
];

let stale = 0;
for (const [file, content] of outputs) {
  const rel = path.relative(repoRoot, file);
  if (check) {
    const current = await readFile(file, 'utf8').catch(() => null);
    if (current !== content) {
      console.error(`${rel} is not current with ${specRel}`);
      stale++;
    }
  } else {
    await writeFile(file, content);
    console.log(`wrote ${rel}`);
  }
}
if (stale > 0) {
  console.error('run: node libs/province-client/scripts/generate.mjs');
  process.exit(1);
}
if (check) console.log(`province API artefacts are current with ${specRel}`);
