/** TypeBox shapes the routes of every capability share. */
import { Type } from '@sinclair/typebox';

/** A value of the shape, or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** A calendar date, YYYY-MM-DD (whether the day exists is the route's to check). */
export const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });
