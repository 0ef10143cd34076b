// The checks the finance screens use to tell whether an answer of the finance API is in the form they expect.

export type Fields = Record<string, unknown>;

export const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
export const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
export const everyOf = <T,>(value: unknown, check: (item: unknown) => item is T): value is T[] => Array.isArray(value) && value.every(check);

/** Whether each of `keys` holds a number (an amount in pence). */
export const hasMoney = (value: Fields, ...keys: string[]): boolean => keys.every((k) => isNumber(value[k]));
