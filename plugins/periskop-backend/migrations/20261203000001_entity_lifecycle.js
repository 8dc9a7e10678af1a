/*
 * Lifecycle of entities (issue #11):
 *
 * - entity_presence: one row per entity that discovery listed, and since
 *   when it has been missing from discovery's list (left the catalog, lost
 *   its annotation, or no entry of it is valid any more). The API hides the
 *   data of a missing entity at once; retention deletes it after a grace
 *   period, so that a catalog hiccup loses nothing. The row goes with the
 *   data.
 *
 * Existing data gets rows: an entity with stored targets was in the last
 * discovery and is present; one with data but no target was not, and is
 * missing from now on (its grace period starts with the upgrade).
 */

// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('entity_presence', table => {
    if (knex.client.dialect === 'mysql') {
      table.charset('utf8mb4');
      table.collate('utf8mb4_bin');
    }
    table.comment(
      'Entities listed by discovery, and since when one has been missing',
    );
    table.string('entity_ref', 255).notNullable();
    table.primary(['entity_ref'], 'entity_presence_pk');
    table
      .bigInteger('missing_since')
      .nullable()
      .comment('First sync without the entity; NULL while it is listed');
  });

  const now = Date.now();
  // missing_since is NULL by default: present
  await knex.raw(`INSERT INTO ?? (??) SELECT DISTINCT ?? FROM ??`, [
    'entity_presence',
    'entity_ref',
    'entity_ref',
    'targets',
  ]);
  for (const table of ['error_groups', 'instances', 'entity_occurrences']) {
    await knex.raw(
      `INSERT INTO ?? (??, ??)
       SELECT DISTINCT d.??, ${now} FROM ?? d
       WHERE NOT EXISTS (SELECT 1 FROM ?? p WHERE p.?? = d.??)`,
      [
        'entity_presence',
        'entity_ref',
        'missing_since',
        'entity_ref',
        table,
        'entity_presence',
        'entity_ref',
        'entity_ref',
      ],
    );
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('entity_presence');
};
