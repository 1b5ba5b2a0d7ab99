import { DomainError } from './domain-error';
import { InputContract, openApiSchema, renameViolations } from './input-contract';

interface Example {
  name: string;
  note?: string;
  tags?: string[];
  size?: number;
}

const example = new InputContract<Example>('Example', {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 10 },
    note: { type: 'string', nullable: true, pattern: '^[a-z]*$', 'x-message': 'must be lower-case letters' },
    tags: { type: 'array', nullable: true, maxItems: 2, items: { type: 'string' } },
    size: { type: 'integer', nullable: true, minimum: 1, maximum: 9, default: 3 },
  },
});

const violations = (value: unknown) => {
  const result = example.check(value);
  return result.ok ? [] : result.violations;
};

describe('InputContract', () => {
  it("gives the input with its defaults and leaves the caller's object as it was", () => {
    const body = { name: 'a' };
    expect(example.parse(body)).toEqual({ name: 'a', size: 3 });
    expect(body).toEqual({ name: 'a' });
  });

  it('lists every violation with its path, in words a caller can act on', () => {
    expect(violations({ note: 'A', tags: ['x', 'y', 'z'], size: 10, extra: 1 })).toEqual([
      { field: 'name', message: 'is required: a string of 1–10 characters' },
      { field: 'extra', message: 'is not a known field; allowed: name, note, tags, size' },
      { field: 'note', message: 'must be lower-case letters, got "A"' },
      { field: 'tags', message: 'must have at most 2 entries, got 3' },
      { field: 'size', message: 'must be a whole number from 1 to 9, got 10' },
    ]);
    expect(violations({ name: 'a', tags: [1] })).toEqual([{ field: 'tags[0]', message: 'must be a string, got the number 1' }]);
    expect(violations({ name: 'a', Tags: [] })).toEqual([{ field: 'Tags', message: "is not a known field; did you mean 'tags'?" }]);
    expect(violations('text')).toEqual([{ field: '(root)', message: 'must be an object, got the string "text"' }]);
  });

  it('hides what lies inside a value refused as a whole, and caps unknown fields', () => {
    expect(violations({ name: 'a', tags: [1, 2, 3] })).toEqual([{ field: 'tags', message: 'must have at most 2 entries, got 3' }]);
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i}`, i]));
    const v = violations({ name: 'a', ...many });
    expect(v).toHaveLength(21);
    expect(v[20]).toEqual({ field: '(root)', message: 'has 10 more unknown fields (not listed)' });
  });

  it('refuses null for an optional field: optional means absent', () => {
    expect(violations({ name: 'a', note: null })).toEqual([{ field: 'note', message: 'must be a string, got null (omit the field instead of sending null)' }]);
  });

  it('throws one VALIDATION_FAILED domain error with the violations', () => {
    expect(() => example.parse({})).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { violations: [{ field: 'name', message: 'is required: a string of 1–10 characters' }] },
      }) as unknown as DomainError,
    );
  });

  it('types query-string text by the schema, and only text that says exactly that', () => {
    expect(example.parseQuery({ name: 'a', size: '4', tags: 'x' })).toEqual({ name: 'a', size: 4, tags: ['x'] });
    expect(() => example.parseQuery({ name: 'a', size: '4abc' })).toThrow(DomainError);
    expect(() => example.parseQuery({ name: 'a', size: 'Infinity' })).toThrow(DomainError);
  });

  it('renames fields for another transport, keeping indexes and sub-paths', () => {
    expect(
      renameViolations(
        [
          { field: 'tags[1]', message: 'm' },
          { field: 'name', message: 'n' },
          { field: 'other', message: 'o' },
        ],
        { tags: 'tag_list', name: 'display_name' },
      ),
    ).toEqual([
      { field: 'tag_list[1]', message: 'm' },
      { field: 'display_name', message: 'n' },
      { field: 'other', message: 'o' },
    ]);
  });

  it('documents optional fields as absent, not null, for OpenAPI 3.0', () => {
    const schema = openApiSchema(example.schema) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties.note).toEqual({ type: 'string', pattern: '^[a-z]*$', 'x-message': 'must be lower-case letters' });
  });

  it('leaves out an empty `required`, which OpenAPI 3.0 refuses (a body of optional fields)', () => {
    expect(openApiSchema({ type: 'object', required: [], properties: { reason: { type: 'string' } } })).toEqual({
      type: 'object',
      properties: { reason: { type: 'string' } },
    });
  });
});
