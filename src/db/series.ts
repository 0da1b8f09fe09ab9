import type { Db } from './database.ts';
import type { NewSeries, SeriesRow } from './schema.ts';

/** Creates a series (a 1:1 thread between two people). */
export async function insertSeries(db: Db, series: NewSeries): Promise<SeriesRow> {
  return db.insertInto('series').values(series).returningAll().executeTakeFirstOrThrow();
}

/** One series by id, or undefined. */
export async function findSeries(db: Db, id: string): Promise<SeriesRow | undefined> {
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}
