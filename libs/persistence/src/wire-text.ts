import { types } from 'pg';

/** PostgreSQL's `text[]`, which pg does not name among its builtins. */
const TEXT_ARRAY = 1009 as (typeof types.builtins)[keyof typeof types.builtins];

/**
 * pg's own parsers, for a read that selects a value as its text to parse it once per distinct text
 * (a catalog repeats its timestamps and lists): the same value as pg gives for the column itself.
 */
export const parseTextArray = types.getTypeParser(TEXT_ARRAY) as (text: string) => string[];
export const parseTimestamptz = types.getTypeParser(types.builtins.TIMESTAMPTZ) as (text: string) => Date;
