/*
 * Performance (issue #6, see docs/benchmarks.md):
 *
 * - targets.payload_digest / payload_applied_at: the SHA-256 of the last
 *   payload whose content is known to be in the store, and when it was
 *   applied, so that a scrape that fetches the same bytes again skips
 *   decoding, parsing and the database;
 * - entity_occurrences: the occurrence time series summed per entity, kept
 *   in the same transaction as `occurrences`, so that the overview sums a
 *   few rows per entity instead of every bucket of every group;
 * - error_groups_entity_overview_idx: the columns the overview counts per
 *   entity, so that it reads an index instead of the (wide) group rows.
 */

// @ts-check

const HOUR_MS = 3600000;

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('targets', table => {
    table
      .string('payload_digest', 64)
      .nullable()
      .comment('SHA-256 of the last payload known to be applied');
    table
      .bigInteger('payload_applied_at')
      .nullable()
      .comment('When that payload went through the store');
  });

  await knex.schema.createTable('entity_occurrences', table => {
    if (knex.client.dialect === 'mysql') {
      table.charset('utf8mb4');
      table.collate('utf8mb4_bin');
    }
    table.comment(
      'Occurrences per entity: resolution 60 and 3600 mirror the sums of ' +
        'occurrences per entity (rolled up alike); resolution 0 holds the ' +
        'total of every hour',
    );
    table.string('entity_ref', 255).notNullable();
    table
      .integer('resolution')
      .notNullable()
      .comment('60 or 3600: bucket width in seconds; 0: hour total');
    table.bigInteger('bucket_start').notNullable();
    table.bigInteger('count').notNullable();
    table.primary(
      ['entity_ref', 'resolution', 'bucket_start'],
      'entity_occurrences_pk',
    );
    // rollup and retention select by resolution and age across entities
    table.index(
      ['resolution', 'bucket_start'],
      'entity_occurrences_resolution_time_idx',
    );
  });

  // what the existing buckets add up to
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??)
     SELECT ??, ??, ??, SUM(??) FROM ?? GROUP BY ??, ??, ??`,
    [
      'entity_occurrences',
      'entity_ref',
      'resolution',
      'bucket_start',
      'count',
      'entity_ref',
      'resolution',
      'bucket_start',
      'count',
      'occurrences',
      'entity_ref',
      'resolution',
      'bucket_start',
    ],
  );
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??)
     SELECT ??, 0, ?? - (?? % ${HOUR_MS}), SUM(??) FROM ??
     GROUP BY ??, ?? - (?? % ${HOUR_MS})`,
    [
      'entity_occurrences',
      'entity_ref',
      'resolution',
      'bucket_start',
      'count',
      'entity_ref',
      'bucket_start',
      'bucket_start',
      'count',
      'occurrences',
      'entity_ref',
      'bucket_start',
      'bucket_start',
    ],
  );

  await knex.schema.alterTable('error_groups', table => {
    table.index(
      ['entity_ref', 'status', 'regressed', 'first_seen'],
      'error_groups_entity_overview_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('error_groups', table => {
    table.dropIndex([], 'error_groups_entity_overview_idx');
  });
  await knex.schema.dropTable('entity_occurrences');
  await knex.schema.alterTable('targets', table => {
    table.dropColumn('payload_applied_at');
    table.dropColumn('payload_digest');
  });
};
