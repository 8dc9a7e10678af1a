/*
 * Distinct sample content stored once (issue #10, see docs/benchmarks.md):
 *
 * - sample_contents: the error (class, message, stack, causes) and HTTP
 *   context of samples, once per distinct content, keyed by a hash of its
 *   canonical JSON. The instances of a service report the same few stack
 *   traces over and over; each was stored with every sample before.
 * - samples: keep only what differs per occurrence (uuid, time, instance,
 *   severity) and the content's digest. The instance is its id in
 *   `instances` (an instance is forgotten only after its samples expired).
 *   The primary key is (group_id, uuid), the key samples were already
 *   deduplicated by; it also finds a group's samples, which are few (capped
 *   by samplesPerError), so (group_id, timestamp) needs no index of its own.
 * - targets.counters_digest: the (key, count) digest of the payload a
 *   target last put through the store, so that a scrape whose counts did
 *   not move is recognised whatever the order or formatting of its keys.
 *
 * Existing samples are converted in batches; their contents are hashed here
 * exactly as the ingest hashes them (a frozen copy of
 * src/aggregation/sampleContent.ts, as a migration must not change later).
 */

// @ts-check

const { createHash } = require('node:crypto');

/** Rows converted per batch. */
const BATCH = 500;
/** Content per INSERT, well under MySQL's default max_allowed_packet. */
const CONTENT_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * @param {any} error
 * @returns {any}
 */
function canonicalError(error) {
  return {
    class: error.class,
    message: error.message,
    stacktrace: error.stacktrace,
    cause: error.cause ? canonicalError(error.cause) : null,
  };
}

/** @param {any} context */
function canonicalHttpContext(context) {
  if (!context) {
    return null;
  }
  /** @type {Record<string, string>} */
  const headers = {};
  for (const name of Object.keys(context.requestHeaders ?? {}).sort()) {
    headers[name] = context.requestHeaders[name];
  }
  return {
    requestMethod: context.requestMethod,
    requestUrl: context.requestUrl,
    requestHeaders: headers,
    requestBody: context.requestBody ?? null,
  };
}

/** @param {string} data */
function contentOf(data) {
  const parsed = JSON.parse(data);
  const json = JSON.stringify({
    error: canonicalError(parsed.error),
    httpContext: canonicalHttpContext(parsed.httpContext),
  });
  return {
    json,
    digest: createHash('sha256')
      .update(json)
      .digest()
      .subarray(0, 16)
      .toString('base64url'),
  };
}

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
 * @param {import('knex').Knex} knex
 * @param {string} name
 */
async function createSamplesTable(knex, name) {
  await knex.schema.createTable(name, table => {
    mysqlTableOptions(knex, table);
    table.comment('One stored occurrence; its content is in sample_contents');
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
    table
      .bigInteger('instance_id')
      .notNullable()
      .comment('instances.id (0: unknown, from before instances were kept)');
    table
      .string('content_digest', 22)
      .notNullable()
      .comment('sample_contents.digest');
    table.primary(['group_id', 'uuid'], 'samples_pk');
    // retention deletes by age across all groups
    table.index(['timestamp'], 'samples_time_idx');
  });
}

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('targets', table => {
    table
      .string('counters_digest', 64)
      .nullable()
      .comment('Digest of the (key, count) pairs of that payload');
  });

  await knex.schema.createTable('sample_contents', table => {
    mysqlTableOptions(knex, table);
    table.comment(
      'Distinct sample content (error and HTTP context), stored once',
    );
    table
      .string('digest', 22)
      .notNullable()
      .comment('First 128 bits of the SHA-256 of data, base64url');
    table.primary(['digest'], 'sample_contents_pk');
    table
      .text('data', 'mediumtext')
      .notNullable()
      .comment('Canonical JSON of { error, httpContext }');
    table
      .bigInteger('last_used_at')
      .notNullable()
      .comment('Last time a sample with this content was stored (hourly)');
    table.index(['last_used_at'], 'sample_contents_last_used_idx');
  });

  await createSamplesTable(knex, 'samples_by_content');
  const now = Date.now();
  for (let after = 0; ; ) {
    const rows = await knex('samples as s')
      .join('error_groups as g', 'g.id', 's.group_id')
      .leftJoin('instances as i', function joinInstance() {
        this.on('i.entity_ref', '=', 'g.entity_ref').andOn(
          'i.instance_key',
          '=',
          's.instance_key',
        );
      })
      .where('s.id', '>', after)
      .orderBy('s.id')
      .limit(BATCH)
      .select(
        's.id',
        's.group_id',
        's.uuid',
        's.timestamp',
        's.severity',
        's.data',
        'i.id as instance_id',
      );
    if (rows.length === 0) {
      break;
    }
    after = rows[rows.length - 1].id;
    /** @type {Map<string, { digest: string; data: string; last_used_at: number }>} */
    const contents = new Map();
    const samples = [];
    for (const row of rows) {
      let content;
      try {
        content = contentOf(row.data);
      } catch {
        continue; // a damaged row was never shown either
      }
      contents.set(content.digest, {
        digest: content.digest,
        data: content.json,
        last_used_at: now,
      });
      samples.push({
        group_id: row.group_id,
        uuid: row.uuid,
        timestamp: row.timestamp,
        severity: row.severity,
        instance_id: row.instance_id ?? 0,
        content_digest: content.digest,
      });
    }
    let chunk = [];
    let chunkBytes = 0;
    for (const content of [...contents.values(), undefined]) {
      if (
        chunk.length > 0 &&
        (!content ||
          chunkBytes + Buffer.byteLength(content.data) > CONTENT_CHUNK_BYTES)
      ) {
        await knex('sample_contents')
          .insert(chunk)
          .onConflict('digest')
          .ignore();
        chunk = [];
        chunkBytes = 0;
      }
      if (content) {
        chunk.push(content);
        chunkBytes += Buffer.byteLength(content.data);
      }
    }
    if (samples.length > 0) {
      await knex('samples_by_content').insert(samples);
    }
  }
  await knex.schema.dropTable('samples');
  await knex.schema.renameTable('samples_by_content', 'samples');
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.createTable('samples_with_data', table => {
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
  });
  await knex.raw(
    `INSERT INTO ?? (??, ??, ??, ??, ??, ??)
     SELECT s.??, s.??, s.??, s.??, COALESCE(i.??, ''), c.??
     FROM ?? s JOIN ?? c ON c.?? = s.??
     LEFT JOIN ?? i ON i.?? = s.??
     ORDER BY s.??, s.??`,
    [
      'samples_with_data',
      'group_id',
      'uuid',
      'timestamp',
      'severity',
      'instance_key',
      'data',
      'group_id',
      'uuid',
      'timestamp',
      'severity',
      'instance_key',
      'data',
      'samples',
      'sample_contents',
      'digest',
      'content_digest',
      'instances',
      'id',
      'instance_id',
      'timestamp',
      'uuid',
    ],
  );
  await knex.schema.dropTable('samples');
  await knex.schema.dropTable('sample_contents');
  await knex.schema.renameTable('samples_with_data', 'samples');
  // the first migration's indexes, under their names
  await knex.schema.alterTable('samples', table => {
    table.unique(['group_id', 'uuid'], {
      indexName: 'samples_group_uuid_uniq',
    });
    table.index(['group_id', 'timestamp'], 'samples_group_timestamp_idx');
    table.index(['timestamp'], 'samples_timestamp_idx');
  });
  await knex.schema.alterTable('targets', table => {
    table.dropColumn('counters_digest');
  });
};
