/*
 * Bounded error groups (issue #11):
 *
 * - instance_counters: keyed by (instance_id, key_hash), the sha256 hex of
 *   the raw aggregation key (as error_groups.key_hash), instead of by
 *   group. group_id is the group that the key's deltas go to: the key's own
 *   group, or its entity's overflow group once the entity is over the group
 *   cap; several keys of one instance may then point to the same group.
 *   group_id is NULL when that group was deleted by the lifecycle: the
 *   counter keeps last_count, so that the next positive delta (and only
 *   that) creates a fresh group. The deleting code sets it to NULL itself,
 *   as SQLite may run without foreign keys; ON DELETE SET NULL covers the
 *   others.
 * - error_groups.overflow: true for the one group per entity that counts
 *   the keys folded over the cap (it has a reserved key_hash, so the unique
 *   (entity_ref, key_hash) index keeps it single).
 * - targets.limit_notice: a sentence for the target's health when a cap was
 *   hit on its last scrape (which cap, how many keys were folded).
 *
 * Existing counters get the key_hash of their group. Down: counters with
 * no group, and counters of keys folded into an overflow group, are
 * dropped (the earlier schema has one counter per group and group per
 * key); the overflow groups stay as ordinary groups with their history, and
 * the earlier version counts a folded key again from its instances'
 * current counts, into a group of its own.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 * @param {import('knex').Knex.CreateTableBuilder} table
 */
function mysqlTableOptions(knex, table) {
  if (knex.client.dialect === 'mysql') {
    table.charset('utf8mb4');
    table.collate('utf8mb4_bin');
  }
}

/**
 * The rows are parked in a table without constraints while
 * instance_counters is created again, so that the new table gets the
 * constraint and index names of a fresh install (PostgreSQL and SQLite
 * index names, and MySQL foreign key names, are unique per schema, not per
 * table).
 *
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {boolean} keyed
 */
async function createParkingTable(knex, name, keyed) {
  await knex.schema.createTable(name, table => {
    mysqlTableOptions(knex, table);
    table.bigInteger('instance_id').notNullable();
    if (keyed) {
      table.string('key_hash', 64).notNullable();
    }
    table.bigInteger('group_id').nullable();
    table.bigInteger('last_count').notNullable();
    table.bigInteger('total_count').notNullable();
    table.bigInteger('last_seen').notNullable();
  });
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('error_groups', table => {
    table
      .boolean('overflow')
      .notNullable()
      .defaultTo(false)
      .comment("The entity's group of the keys folded over the group cap");
  });
  await knex.schema.alterTable('targets', table => {
    table
      .text('limit_notice')
      .nullable()
      .comment('Which cap the last scrape hit, and how many keys it folded');
  });

  await createParkingTable(knex, 'instance_counters_parked', true);
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??, ??, ??)
     SELECT c.??, g.??, c.??, c.??, c.??, c.??
     FROM ?? c JOIN ?? g ON g.?? = c.??`,
    [
      'instance_counters_parked',
      'instance_id',
      'key_hash',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_id',
      'key_hash',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_counters',
      'error_groups',
      'id',
      'group_id',
    ],
  );
  await knex.schema.dropTable('instance_counters');

  await knex.schema.createTable('instance_counters', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Last total_count seen per (instance, aggregation key): the restart-safe delta state',
    );
    // unsigned: bigIncrements is BIGINT UNSIGNED on MySQL and FK types must match
    table
      .bigInteger('instance_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('instances')
      .onDelete('CASCADE');
    table
      .string('key_hash', 64)
      .notNullable()
      .comment('sha256 hex of the aggregation key, as error_groups.key_hash');
    table
      .bigInteger('group_id')
      .unsigned()
      .nullable()
      .references('id')
      .inTable('error_groups')
      .onDelete('SET NULL')
      .comment(
        "The key's group or its entity's overflow group; NULL: group deleted",
      );
    table.bigInteger('last_count').notNullable();
    table
      .bigInteger('total_count')
      .notNullable()
      .defaultTo(0)
      .comment('Sum of the deltas from this instance');
    table.bigInteger('last_seen').notNullable();
    table.primary(['instance_id', 'key_hash'], 'instance_counters_pk');
    table.index(['group_id'], 'instance_counters_group_idx');
  });
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??, ??, ??)
     SELECT ??, ??, ??, ??, ??, ?? FROM ??`,
    [
      'instance_counters',
      'instance_id',
      'key_hash',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_id',
      'key_hash',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_counters_parked',
    ],
  );
  await knex.schema.dropTable('instance_counters_parked');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await createParkingTable(knex, 'instance_counters_parked', false);
  // only counters of a key's own group: its key_hash is the group's
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??, ??)
     SELECT c.??, c.??, c.??, c.??, c.??
     FROM ?? c JOIN ?? g ON g.?? = c.?? AND g.?? = c.??`,
    [
      'instance_counters_parked',
      'instance_id',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_id',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_counters',
      'error_groups',
      'id',
      'group_id',
      'key_hash',
      'key_hash',
    ],
  );
  await knex.schema.dropTable('instance_counters');

  // as the first migration created it
  await knex.schema.createTable('instance_counters', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Last total_count seen per (instance, group): the restart-safe delta state',
    );
    table
      .bigInteger('instance_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('instances')
      .onDelete('CASCADE');
    table
      .bigInteger('group_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('error_groups')
      .onDelete('CASCADE');
    table.bigInteger('last_count').notNullable();
    table
      .bigInteger('total_count')
      .notNullable()
      .defaultTo(0)
      .comment('Sum of the deltas from this instance');
    table.bigInteger('last_seen').notNullable();
    table.primary(['instance_id', 'group_id'], 'instance_counters_pk');
    table.index(['group_id'], 'instance_counters_group_idx');
  });
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??, ??)
     SELECT ??, ??, ??, ??, ?? FROM ??`,
    [
      'instance_counters',
      'instance_id',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_id',
      'group_id',
      'last_count',
      'total_count',
      'last_seen',
      'instance_counters_parked',
    ],
  );
  await knex.schema.dropTable('instance_counters_parked');

  await knex.schema.alterTable('targets', table => {
    table.dropColumn('limit_notice');
  });
  if (knex.client.dialect === 'sqlite3') {
    // knex drops a SQLite column by copying the table, dropping it and
    // renaming the copy; inside the migration's transaction foreign keys
    // stay on, and dropping error_groups would delete every sample,
    // bucket and counter with it. SQLite 3.35+ drops a column in place.
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', [
      'error_groups',
      'overflow',
    ]);
  } else {
    await knex.schema.alterTable('error_groups', table => {
      table.dropColumn('overflow');
    });
  }
};
