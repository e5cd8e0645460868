export type { JsonSchema, ParseResult, Schema, ObjectOf, Optional } from './schema';
export { array, boolean, literal, number, object, oneOf, optional, record, string, tagged, union } from './schema';
