/*
 * Notifications to the owners (issue #13):
 *
 * - error_groups.notified_at: when the owners of the group's entity were
 *   last notified about it (a new error or a regression). The quiet period
 *   is measured from it; kept on the group row so that it holds across
 *   backend restarts and replicas, and goes when retention deletes the
 *   group. Null: never notified.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('error_groups', table => {
    table
      .bigInteger('notified_at')
      .nullable()
      .comment('When the owners were last notified about this group (ms)');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  if (knex.client.dialect === 'sqlite3') {
    // knex drops a SQLite column by copying the table, dropping it and
    // renaming the copy; inside the migration's transaction foreign keys
    // stay on, and dropping error_groups would delete every sample,
    // bucket and counter with it. SQLite 3.35+ drops a column in place.
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      'error_groups',
      'notified_at',
    ]);
  } else {
    await knex.schema.alterTable('error_groups', table => {
      table.dropColumn('notified_at');
    });
  }
};
