/*
 * Compares what the running example app stored with what the example
 * services report right now. Used by `npm run check:examples` and by the
 * browser end-to-end tests.
 *
 * For every target that is up: fetch its payload (P1), wait until the backend
 * has scraped it again, read the stored counters (C), fetch again (P2). For
 * every key, P1 <= C <= P2 must hold: the database is never ahead of the
 * service nor behind its previous state. Lifetime totals must equal the sum
 * of the per-instance totals.
 */
const Database = require('better-sqlite3');

function openReadOnly(dbFile) {
  return new Database(dbFile, { readonly: true, fileMustExist: true });
}

async function fetchCounts(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const payload = await response.json();
  return {
    targetUuid: payload.target_uuid ?? url,
    counts: new Map(
      payload.aggregated_errors.map(a => [a.aggregation_key, a.total_count]),
    ),
  };
}

function storedCounters(db, entityRef, instanceKey) {
  const rows = db
    .prepare(
      `SELECT g.aggregation_key AS key, c.last_count AS lastCount
         FROM instance_counters c
         JOIN instances i ON i.id = c.instance_id
         JOIN error_groups g ON g.id = c.group_id
        WHERE i.entity_ref = ? AND i.instance_key = ?`,
    )
    .all(entityRef, instanceKey);
  return new Map(rows.map(r => [r.key, Number(r.lastCount)]));
}

async function waitForNextScrape(db, targetId, after, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const stmt = db.prepare('SELECT last_scrape_at FROM targets WHERE id = ?');
  for (;;) {
    const row = stmt.get(targetId);
    if (row && Number(row.last_scrape_at) > after) return;
    if (Date.now() > deadline) {
      throw new Error(`target ${targetId} was not scraped again in time`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Returns `{ checked, problems, lines }`; `problems` is empty when the
 * stored counts match the services.
 */
async function checkExampleCounts({ dbFile, timeoutMs = 120_000 }) {
  const db = openReadOnly(dbFile);
  const problems = [];
  const lines = [];
  let checked = 0;
  try {
    const targets = db
      .prepare(
        'SELECT id, entity_ref AS entityRef, url FROM targets WHERE up = 1 ORDER BY entity_ref, url',
      )
      .all();
    if (targets.length === 0) problems.push('no target is up yet');
    await Promise.all(
      targets.map(async target => {
        const before = await fetchCounts(target.url);
        const fetchedAt = Date.now();
        await waitForNextScrape(db, target.id, fetchedAt, timeoutMs);
        const stored = storedCounters(db, target.entityRef, before.targetUuid);
        const after = await fetchCounts(target.url);
        let keys = 0;
        for (const [key, first] of before.counts) {
          const value = stored.get(key);
          const last = after.counts.get(key) ?? first;
          keys += 1;
          if (value === undefined || value < first || value > last) {
            problems.push(
              `${target.entityRef} ${target.url} "${key}": stored ${value}, service reported ${first} then ${last}`,
            );
          }
        }
        checked += keys;
        lines.push(`${target.entityRef}  ${target.url}  ${keys} keys`);
      }),
    );

    const mismatched = db
      .prepare(
        `SELECT g.entity_ref AS entityRef, g.aggregation_key AS key,
                g.total_count AS total, SUM(c.total_count) AS perInstance
           FROM error_groups g JOIN instance_counters c ON c.group_id = g.id
          GROUP BY g.id HAVING g.total_count <> SUM(c.total_count)`,
      )
      .all();
    for (const row of mismatched) {
      problems.push(
        `${row.entityRef} "${row.key}": lifetime total ${row.total} but instances sum to ${row.perInstance}`,
      );
    }
  } finally {
    db.close();
  }
  return { checked, problems, lines: lines.sort() };
}

module.exports = { checkExampleCounts };
