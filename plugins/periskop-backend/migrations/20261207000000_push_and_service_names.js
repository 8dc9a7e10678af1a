/*
 * Push, service names (issue #12):
 *
 * - push_keys: at most one push key per entity, stored as the SHA-256 of
 *   the key (a random 256-bit secret, so a plain hash is enough to make a
 *   leaked table useless), with its last four characters to tell keys
 *   apart. Rotating replaces the row.
 * - pushed_instances: the health of instances that push their errors, one
 *   row per (entity, instance key), beside the scraped `targets` (which
 *   discovery rewrites). Retention forgets rows of instances that have not
 *   pushed for as long as it keeps quiet instances.
 * - targets.service_name: the entity's Periskop service name
 *   (`periskop.io/service-name`, else its name), written by discovery, for
 *   the `service_name` label of the metrics.
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 * @param {import('knex').Knex.CreateTableBuilder} table
 */
function binaryText(knex, table) {
  if (knex.client.dialect === 'mysql') {
    table.charset('utf8mb4');
    table.collate('utf8mb4_bin');
  }
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('push_keys', table => {
    binaryText(knex, table);
    table.comment('The push key of an entity, hashed');
    table.string('entity_ref', 255).notNullable();
    table.primary(['entity_ref'], 'push_keys_pk');
    table
      .string('key_hash', 64)
      .notNullable()
      .comment('SHA-256 (hex) of the key');
    table.unique(['key_hash'], { indexName: 'push_keys_hash_idx' });
    table.string('hint', 8).notNullable().comment('Last characters of the key');
    table.bigInteger('created_at').notNullable();
    table.string('created_by', 255).notNullable();
    table.bigInteger('last_used_at').nullable();
  });

  await knex.schema.createTable('pushed_instances', table => {
    binaryText(knex, table);
    table.comment('Health of the instances that push their errors');
    table.string('entity_ref', 255).notNullable();
    table.string('instance_key', 255).notNullable();
    table.primary(['entity_ref', 'instance_key'], 'pushed_instances_pk');
    table.bigInteger('last_push_at').notNullable();
    table.bigInteger('payload_bytes').notNullable();
    table.integer('error_keys').notNullable();
    table.integer('warnings').notNullable().defaultTo(0);
    table.text('first_warning').nullable();
    table.text('limit_notice').nullable();
    table.index(['last_push_at'], 'pushed_instances_last_push_idx');
  });

  await knex.schema.alterTable('targets', table => {
    table.string('service_name', 255).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('targets', table => {
    table.dropColumn('service_name');
  });
  await knex.schema.dropTable('pushed_instances');
  await knex.schema.dropTable('push_keys');
};
