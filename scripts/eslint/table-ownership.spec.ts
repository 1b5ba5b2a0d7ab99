import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

/**
 * Lints source text as if it were at `filePath`, with the project's own
 * eslint.config.mjs (its file patterns, exemptions and the table rule). Type
 * information is off (the text is no file the TypeScript project knows), and
 * so are the three rules that need it. In a child process: ESLint loads its
 * ESM config natively there.
 */
function lintAs(files: Record<string, string>): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const eslint = new ESLint({
      cwd: ${JSON.stringify(root)},
      overrideConfig: {
        languageOptions: { parserOptions: { projectService: false } },
        rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off', '@typescript-eslint/switch-exhaustiveness-check': 'off' },
      },
    });
    (async () => {
      const files = JSON.parse(process.argv[1]);
      const out = {};
      for (const [filePath, code] of Object.entries(files)) {
        const [result] = await eslint.lintText(code, { filePath });
        out[filePath] = result.messages.map((m) => m.ruleId + ': ' + m.message);
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: root, encoding: 'utf8' }));
}

const rawSql =
  "import { sql, type Db } from '@app/persistence';\nexport const q = (db: Db) => sql`SELECT b.id FROM bookings b JOIN instruments i ON i.id = b.instrument_id`.execute(db);\n";
const kysely =
  "import type { Db } from '@app/persistence';\nexport const q = (db: Db) => db.selectFrom('units').leftJoin('federation_sources', 'federation_sources.id', 'units.id').selectAll().execute();\n";

describe('lint: one owning lib per table (scripts/eslint/table-owners.json)', () => {
  let results: Record<string, string[]>;

  beforeAll(() => {
    results = lintAs({
      'libs/booking/src/infrastructure/raw-sql.fixture.ts': rawSql,
      'libs/search/src/infrastructure/kysely.fixture.ts': kysely,
      'libs/catalog/src/infrastructure/kysely.fixture.ts': kysely,
      'libs/persistence/src/migrations/9999-fixture.migration.ts': rawSql,
      'test/integration/fixture.int-spec.ts': kysely,
    });
  }, 120_000);

  it('fails on a foreign table in SQL text, naming its owner, and passes the owner’s own table', () => {
    expect(results['libs/booking/src/infrastructure/raw-sql.fixture.ts']).toEqual([
      expect.stringMatching(/^tables\/owned-by-lib: Table 'instruments' belongs to libs\/catalog/),
    ]);
  });

  it('fails on foreign tables named to Kysely, joins included', () => {
    expect(results['libs/search/src/infrastructure/kysely.fixture.ts']).toEqual([
      expect.stringMatching(/Table 'units' belongs to libs\/catalog/),
      expect.stringMatching(/Table 'federation_sources' belongs to libs\/federation/),
    ]);
    expect(results['libs/catalog/src/infrastructure/kysely.fixture.ts']).toEqual([
      expect.stringMatching(/Table 'federation_sources' belongs to libs\/federation/),
    ]);
  });

  it('leaves migrations and tests alone', () => {
    expect(results['libs/persistence/src/migrations/9999-fixture.migration.ts']).toEqual([]);
    expect(results['test/integration/fixture.int-spec.ts']).toEqual([]);
  });
});
