// @ts-check
'use strict';
/**
 * ESLint rule `tables/owned-by-lib`: a table is read and written only by the
 * lib that owns it (table-owners.json, the one owner map). Other libs go
 * through the owner's use-cases and ports, so a table's shape can change in
 * one place. Seen as SQL:
 * - Kysely builders naming a table (`selectFrom('instruments')`, `insertInto`,
 *   `updateTable`, `deleteFrom`, joins, `sql.table('…')`);
 * - SQL text in template or string literals: a known table after an
 *   upper-case FROM, JOIN, INTO, UPDATE, TABLE or USING (the project writes
 *   SQL keywords in upper case; prose rarely does).
 * Files outside `libs/<lib>/` and `apps/<app>/` are not checked (the config
 * exempts migrations, tests and benchmarks).
 */
const path = require('node:path');
const owners = require('./table-owners.json');

const BUILDERS = new Set([
  'selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto',
  'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', 'innerJoinLateral', 'leftJoinLateral', 'crossJoinLateral',
]);
const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)\b/g;

/** `libs/<name>/…` or `apps/<name>/…` → `<name>`, else undefined. */
function libOf(filename, cwd) {
  const rel = path.relative(cwd, filename).split(path.sep);
  return (rel[0] === 'libs' || rel[0] === 'apps') && rel.length > 2 ? rel[1] : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const ownedByLib = {
  meta: {
    type: 'problem',
    docs: { description: 'A table is touched only by the lib that owns it (scripts/eslint/table-owners.json)' },
    schema: [],
    messages: {
      foreign: "Table '{{table}}' belongs to libs/{{owner}}: reach it through @app/{{owner}}'s use-cases or ports, not SQL (owner map: scripts/eslint/table-owners.json).",
    },
  },
  create(context) {
    const lib = libOf(context.filename, context.cwd);
    if (!lib) return {};
    const check = (node, table) => {
      const owner = Object.prototype.hasOwnProperty.call(owners, table) ? owners[table] : undefined;
      if (owner && owner !== lib) context.report({ node, messageId: 'foreign', data: { table, owner } });
    };
    const tableName = (value) => (typeof value === 'string' ? value.trim().split(/\s+/)[0].replace(/^public\./, '') : undefined);
    const scanText = (node, text) => {
      for (const match of text.matchAll(SQL_TABLE)) check(node, match[1]);
    };
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') return;
        const name = callee.property.name;
        const isSqlTable = name === 'table' && callee.object.type === 'Identifier' && callee.object.name === 'sql';
        if (!BUILDERS.has(name) && !isSqlTable) return;
        const first = node.arguments[0];
        const literals = first?.type === 'ArrayExpression' ? first.elements : [first];
        for (const arg of literals) {
          if (arg?.type === 'Literal') check(arg, tableName(arg.value));
        }
      },
      TemplateLiteral(node) {
        // Each quasi alone: an interpolation between a keyword and a word is not a table name.
        for (const quasi of node.quasis) scanText(quasi, quasi.value.cooked ?? quasi.value.raw);
      },
      Literal(node) {
        if (typeof node.value === 'string') scanText(node, node.value);
      },
    };
  },
};

module.exports = { rules: { 'owned-by-lib': ownedByLib }, owners };
