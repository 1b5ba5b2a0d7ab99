// @ts-check
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import tables from './scripts/eslint/table-ownership.cjs';

const deepImports = {
  group: ['@app/*/*', '**/src', '**/src/**', '**/libs/**', '**/apps/**'],
  message: 'Import another lib through its public entry (@app/<lib>); apps only compose libs.',
};
const owned = (names, owner) => ({ group: names, message: `Only ${owner} may import ${names.join(', ')}; use its public API.` });
const pg = owned(['pg', 'pg-*', '@electric-sql/*', 'kysely'], 'libs/persistence');
const queue = owned(['bullmq', 'ioredis'], 'libs/queue');

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs', 'libs/*/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules: a promise nobody awaits loses its error (an unhandled rejection ends the
    // process), and a switch over a union must say what it does with a member added later.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: path.dirname(fileURLToPath(import.meta.url)) } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // A `default` is the switch saying what it does with the other members (and with one added later).
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Input validation deliberately matches control characters.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @app/config (loadConfig), once, at start-up.' },
      ],
    },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deepImports, pg, queue] }] },
  },
  { files: ['libs/persistence/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [deepImports, queue] }] } },
  { files: ['libs/queue/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [deepImports, pg] }] } },
  // Deliberately: the rate limiter's counters need a Redis client with request-path timeouts, not BullMQ's blocking connections; bullmq stays queue-only.
  { files: ['libs/rate-limit/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [deepImports, pg, owned(['bullmq'], 'libs/queue')] }] } },
  { files: ['libs/config/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // One owner per table (scripts/eslint/table-owners.json); migrations create every table, tests and benchmarks set up and inspect them.
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['libs/persistence/src/migrations/**', '**/*.spec.ts', '**/testing/**'],
    plugins: { tables },
    rules: { 'tables/owned-by-lib': 'error' },
  },
  {
    files: ['test/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [pg, queue].map((p) => ({ ...p, group: p.group.filter((g) => g !== 'kysely') })) }] },
  },
);
