import { Knex } from 'knex';
import { quote, StoreDatabase } from './StoreDatabase';

/** What a multi-row insert does with a row whose key exists already. */
export interface OnConflict {
  columns: string[];
  /** `'ignore'`, or the SQL expression of each column to update (see `excluded`). */
  action: 'ignore' | Record<string, string>;
}

/**
 * A multi-row INSERT with an ON CONFLICT action.
 *
 * Knex writes SQLite's multi-row inserts as `INSERT … SELECT ? AS a, …
 * UNION ALL SELECT …`, a compound SELECT that SQLite parses and plans arm by
 * arm (preparing those statements was a tenth of a scrape cycle); on SQLite
 * this writes the `VALUES (…), (…)` list SQLite has understood since 3.7.11
 * instead. Other databases get Knex's own statement.
 */
export async function insertRows<Row extends object>(
  db: StoreDatabase,
  table: string,
  rows: readonly Row[],
  conflict: OnConflict,
): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  if (db.dialect !== 'sqlite') {
    const insert = db
      .knex(table)
      .insert(rows as unknown as Array<Record<string, unknown>>)
      .onConflict(conflict.columns);
    if (conflict.action === 'ignore') {
      await insert.ignore();
    } else {
      await insert.merge(
        Object.fromEntries(
          Object.entries(conflict.action).map(([column, sql]) => [
            column,
            db.knex.raw(sql),
          ]),
        ),
      );
    }
    return;
  }
  const q = (identifier: string) => quote(db, identifier);
  const columns = Object.keys(rows[0]) as Array<keyof Row & string>;
  const placeholders = `(${columns.map(() => '?').join(', ')})`;
  const bindings: unknown[] = [];
  for (const row of rows) {
    for (const column of columns) {
      bindings.push(row[column] ?? null);
    }
  }
  const action =
    conflict.action === 'ignore'
      ? 'DO NOTHING'
      : `DO UPDATE SET ${Object.entries(conflict.action)
          .map(([column, sql]) => `${q(column)} = ${sql}`)
          .join(', ')}`;
  await db.knex.raw(
    `insert into ${q(table)} (${columns.map(q).join(', ')}) values ${rows
      .map(() => placeholders)
      .join(', ')} on conflict (${conflict.columns
      .map(q)
      .join(', ')}) ${action}`,
    bindings as Knex.RawBinding[],
  );
}
