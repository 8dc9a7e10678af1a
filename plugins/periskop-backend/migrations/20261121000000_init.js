/*
 * The Periskop backend's schema. Times are epoch milliseconds in BIGINT
 * columns: portable across SQLite, PostgreSQL and MySQL, and free of the
 * time zone conversions that DATETIME/TIMESTAMP columns bring.
 */

// @ts-check

/**
 * MySQL/MariaDB only: full Unicode, and binary collation so that identities
 * (entity refs, instance keys, sample uuids) compare exactly as they do on
 * PostgreSQL and SQLite instead of case-insensitively.
 *
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
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('error_groups', table => {
    mysqlTableOptions(knex, table);
    table.comment('One error group: (entity ref, client aggregation key)');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table
      .string('key_hash', 64)
      .notNullable()
      .comment(
        'sha256 hex of aggregation_key; keys can be longer than an index allows',
      );
    table.text('aggregation_key').notNullable();
    table.text('error_class').notNullable();
    // mediumtext on MySQL, whose TEXT stops at 64 KiB; plain text elsewhere
    table.text('message', 'mediumtext').notNullable();
    table.string('severity', 16).notNullable();
    table
      .text('search_text', 'mediumtext')
      .notNullable()
      .comment('Lower-cased class, message, stack, causes, request URL');
    table.bigInteger('total_count').notNullable().defaultTo(0);
    table.bigInteger('first_seen').notNullable();
    table.bigInteger('last_seen').notNullable();
    table.bigInteger('latest_sample_at').nullable();
    table.string('status', 16).notNullable().defaultTo('open');
    table.bigInteger('resolved_at').nullable();
    table.string('resolved_by', 255).nullable();
    table.boolean('regressed').notNullable().defaultTo(false);
    table.bigInteger('regressed_at').nullable();
    table.unique(['entity_ref', 'key_hash'], {
      indexName: 'error_groups_entity_key_uniq',
    });
    // The errors tab's default page (one entity, one status, newest first,
    // id as the tie-breaker) reads straight off this index without a sort;
    // id is implicit in MySQL's and SQLite's secondary indexes, not in
    // PostgreSQL's.
    table.index(
      ['entity_ref', 'status', 'last_seen', 'id'],
      'error_groups_entity_status_seen_idx',
    );
  });

  await knex.schema.createTable('instances', table => {
    mysqlTableOptions(knex, table);
    table.comment('One process of one entity: its target_uuid, or its URL');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('instance_key', 255).notNullable();
    table.text('url').notNullable();
    table
      .string('counters_digest', 64)
      .nullable()
      .comment(
        'Digest of the last applied counters; equal digest = nothing to do',
      );
    table.bigInteger('last_seen_at').notNullable();
    table.unique(['entity_ref', 'instance_key'], {
      indexName: 'instances_entity_key_uniq',
    });
    table.index(['last_seen_at'], 'instances_last_seen_at_idx');
  });

  await knex.schema.createTable('instance_counters', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Last total_count seen per (instance, group): the restart-safe delta state',
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

  await knex.schema.createTable('samples', table => {
    mysqlTableOptions(knex, table);
    table.bigIncrements('id').primary();
    table
      .bigInteger('group_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('error_groups')
      .onDelete('CASCADE');
    table.string('uuid', 64).notNullable();
    table.bigInteger('timestamp').notNullable();
    table.string('severity', 16).notNullable();
    table.string('instance_key', 255).notNullable();
    table
      .text('data', 'mediumtext')
      .notNullable()
      .comment('JSON of { error, httpContext }');
    table.unique(['group_id', 'uuid'], {
      indexName: 'samples_group_uuid_uniq',
    });
    table.index(['group_id', 'timestamp'], 'samples_group_timestamp_idx');
    // retention deletes by age across all groups
    table.index(['timestamp'], 'samples_timestamp_idx');
  });

  await knex.schema.createTable('occurrences', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Occurrence time series: minute buckets, rolled up into hours',
    );
    table
      .bigInteger('group_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('error_groups')
      .onDelete('CASCADE');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Denormalised for per-entity and overview sums');
    table
      .integer('resolution')
      .notNullable()
      .comment('Bucket width in seconds: 60 or 3600');
    table.bigInteger('bucket_start').notNullable();
    table.bigInteger('count').notNullable();
    table.primary(['group_id', 'resolution', 'bucket_start'], 'occurrences_pk');
    table.index(['entity_ref', 'bucket_start'], 'occurrences_entity_time_idx');
    // rollup and retention select by resolution and age across all groups
    table.index(
      ['resolution', 'bucket_start'],
      'occurrences_resolution_time_idx',
    );
  });

  await knex.schema.createTable('targets', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Scrape targets from discovery, with the health of their last scrape',
    );
    table.string('id', 64).primary();
    table.string('entity_ref', 255).notNullable();
    table.text('url').notNullable();
    table.text('source').notNullable();
    table.text('unavailable_reason').nullable();
    table.boolean('up').nullable();
    table.text('instance_key').nullable();
    table.bigInteger('last_scrape_at').nullable();
    table.bigInteger('last_success_at').nullable();
    table.text('last_error').nullable();
    table.bigInteger('duration_ms').nullable();
    table.bigInteger('payload_bytes').nullable();
    table.integer('error_keys').nullable();
    table.integer('warnings').notNullable().defaultTo(0);
    table.text('first_warning').nullable();
    table.index(['entity_ref'], 'targets_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // children before parents, for the foreign keys
  await knex.schema.dropTable('targets');
  await knex.schema.dropTable('occurrences');
  await knex.schema.dropTable('samples');
  await knex.schema.dropTable('instance_counters');
  await knex.schema.dropTable('instances');
  await knex.schema.dropTable('error_groups');
};
