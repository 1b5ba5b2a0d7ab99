#!/usr/bin/env node
// Production build: every app and lib compiled to CommonJS by tsc (tsconfig.build.json), so
// `npm start` runs plain JavaScript with no transpiler. tsc leaves `@app/<lib>` specifiers as
// written; they are rewritten here to relative paths instead of adding a runtime resolver
// (tsconfig-paths) or a build dependency (tsc-alias) for ~20 lines of work.
//
//   node scripts/build.mjs [--out-dir <dir>]     (default: dist)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--out-dir');
const outDir = path.resolve(at >= 0 && args[at + 1] ? args[at + 1] : path.join(ROOT, 'dist'));

// Files read at run time relative to their module (`__dirname`), copied to the same place
// relative to the compiled module: libs/grpc loads proto/, the catalog serves the import template.
const ASSETS = [
  { from: 'proto', keep: (file) => file.endsWith('.proto') },
  { from: 'config/import-template', keep: (file) => file.endsWith('.csv') },
];

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

fs.rmSync(outDir, { recursive: true, force: true });
// TypeScript 7 (the `tsc7` alias, native and several times faster) by its own path: `typescript`
// 5.9, kept for typescript-eslint, installs a `tsc` command too, so `.bin/tsc` is either.
const TSC = path.join(ROOT, 'node_modules', 'tsc7', 'bin', 'tsc');
const tsc = spawnSync(process.execPath, [TSC, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', outDir], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (tsc.status !== 0) fail(`tsc failed (exit ${tsc.status ?? tsc.signal})`);

let rewritten = 0;
for (const file of walk(outDir)) {
  if (!file.endsWith('.js')) continue;
  const source = fs.readFileSync(file, 'utf8');
  const output = source.replace(/require\("@app\/([a-z0-9-]+)"\)/g, (_, lib) => {
    const target = path.join(outDir, 'libs', lib, 'src', 'index.js');
    if (!fs.existsSync(target)) fail(`${path.relative(outDir, file)} imports @app/${lib}, but ${path.relative(outDir, target)} was not emitted`);
    let relative = path.relative(path.dirname(file), target).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    rewritten += 1;
    return `require("${relative}")`;
  });
  if (/(require|import)\(\s*["'`]@app\//.test(output)) fail(`${path.relative(outDir, file)} still names an @app/ module in a form this build does not rewrite`);
  if (output !== source) fs.writeFileSync(file, output);
}

for (const asset of ASSETS) {
  const from = path.join(ROOT, asset.from);
  for (const file of walk(from)) {
    if (!asset.keep(file)) continue;
    const to = path.join(outDir, asset.from, path.relative(from, file));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(file, to);
  }
}

process.stdout.write(`build: ${path.relative(ROOT, outDir) || '.'} (${rewritten} @app imports resolved)\n`);
