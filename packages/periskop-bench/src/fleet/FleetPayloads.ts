import { ChunkedPayload, chunkedBytes, permutePayload } from './ChunkedPayload';
import { buildErrorTemplates, ErrorTemplate, VARIANTS } from './errorTemplates';
import { hashInts, hex } from './random';
import { PayloadWriter } from './PayloadWriter';

/** Samples a client keeps per aggregate (`latest_errors`). */
export const SAMPLES_PER_KEY = 10;

/** The shape of the synthetic fleet. */
export interface FleetShape {
  /** Instances (distinct origins) in the whole fleet. */
  instances: number;
  /** Catalog entities the instances belong to (round-robin). */
  entities: number;
  /** Error keys per instance (the same keys on every instance of an entity). */
  keys: number;
  /** Seed of every random choice. */
  seed: number;
}

/** The entity (0-based) instance `instance` belongs to. */
export function entityOfInstance(shape: FleetShape, instance: number): number {
  return instance % shape.entities;
}

/**
 * The state and the payloads of a slice of the fleet's instances: what a
 * Periskop client would serve on `/-/exceptions` for each of them, shaped
 * like the client fixtures (`aggregation_key`, `total_count`, `severity`,
 * `latest_errors` with `error`, `uuid`, `timestamp`, `severity`,
 * `http_context`, then `created_at`, and `target_uuid`).
 *
 * Per instance only counters, generations (restarts) and last occurrence
 * times are kept; sample uuids and timestamps are derived from them, so
 * 10,000 instances cost a few MB of state, and the big strings (errors with
 * their stack traces) are shared.
 *
 * - `counts[i][k]` is the client's `total_count` of key `k`;
 * - the samples are the newest `min(count, 10)` occurrences, numbered
 *   `count-9 … count`, each with a uuid derived from (instance, generation,
 *   key, number), so new occurrences bring new samples and old ones repeat
 *   byte for byte, as a client's ring buffer does;
 * - a restart bumps the generation: a new `target_uuid` and low counters.
 *
 * Built payloads are kept (as {@link ChunkedPayload}s, so that they can be
 * served in any key order) for a prefix of the slice that fits the cache
 * budget; the others are built on every request into a scratch buffer and
 * copied out once, so memory stays flat whatever the fleet's size.
 */
export class FleetPayloads {
  readonly #shape: FleetShape;
  readonly #first: number;
  readonly #count: number;
  readonly #encoded: EncodedTemplate[];
  readonly #scratch = { current: Buffer.allocUnsafe(4 * 1024 * 1024) };
  /** Where each key starts in the payload built last (see ChunkedPayload). */
  readonly #keyStarts: Int32Array;
  /** Template index per (entity, key). */
  readonly #templateOf: Int32Array;
  readonly #counts: Int32Array;
  readonly #lastAt: Float64Array;
  readonly #generation: Int32Array;
  readonly #startedAt: Float64Array;
  readonly #cache: Array<ChunkedPayload | undefined>;
  /** Occurrences counted by generations that restarted away. */
  #retired = 0;
  readonly #cacheable: number;

  /**
   * @param shape - the whole fleet
   * @param first - global index of the first instance of this slice
   * @param count - instances in this slice
   * @param options.now - the time the instances "started"
   * @param options.cacheBytes - budget for keeping built payloads between changes
   */
  constructor(
    shape: FleetShape,
    first: number,
    count: number,
    options: { now: number; cacheBytes: number },
  ) {
    this.#shape = shape;
    this.#first = first;
    this.#count = count;
    const poolSize = Math.max(500, shape.keys * 2);
    const templates = buildErrorTemplates(poolSize, shape.seed);
    const uniqueKeys = new Set<string>();
    templates.forEach((template, index) => {
      if (uniqueKeys.has(template.aggregationKey)) {
        template.aggregationKey = `${template.aggregationKey}-${index}`;
      }
      uniqueKeys.add(template.aggregationKey);
    });
    this.#encoded = templates.map(encodeTemplate);
    // Entity e uses keys_count consecutive templates from an entity-specific
    // offset, so an entity's keys are distinct and entities overlap partly.
    this.#templateOf = new Int32Array(shape.entities * shape.keys);
    for (let e = 0; e < shape.entities; e++) {
      const offset = hashInts(shape.seed, e) % poolSize;
      for (let k = 0; k < shape.keys; k++) {
        this.#templateOf[e * shape.keys + k] = (offset + k) % poolSize;
      }
    }
    this.#keyStarts = new Int32Array(shape.keys + 1);
    this.#counts = new Int32Array(count * shape.keys);
    this.#lastAt = new Float64Array(count * shape.keys);
    this.#generation = new Int32Array(count);
    this.#startedAt = new Float64Array(count).fill(options.now - 3_600_000);
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < shape.keys; k++) {
        const h = hashInts(shape.seed, first + i, k);
        this.#counts[i * shape.keys + k] = 10 + (h % 990);
        this.#lastAt[i * shape.keys + k] =
          options.now - 60_000 - (h % 3_000_000);
      }
    }
    this.#cache = new Array(count);
    // estimate from the first payload; the cache covers a prefix of the slice
    const sample =
      count > 0 ? this.#build(0).length + this.#keyStarts.byteLength : 1;
    this.#cacheable = Math.min(count, Math.floor(options.cacheBytes / sample));
  }

  get size(): number {
    return this.#count;
  }

  /** How many instances (a prefix of the slice) keep their built payload. */
  get cacheable(): number {
    return this.#cacheable;
  }

  /** Memory the kept payloads take (bodies and key offsets). */
  get cachedBytes(): number {
    let bytes = 0;
    for (const chunked of this.#cache) {
      if (chunked) bytes += chunkedBytes(chunked);
    }
    return bytes;
  }

  /**
   * The payload of local instance `i` as served: its keys in the canonical
   * order, or in `order` (a permutation of the key indexes), every key's
   * bytes the same either way.
   */
  payload(i: number, order?: ArrayLike<number>): Buffer {
    let chunked = this.#cache[i];
    if (!chunked) {
      const view = this.#build(i);
      if (i >= this.#cacheable) {
        // not kept: one copy out of the scratch buffer, in the order served
        return order
          ? permutePayload(view, this.#keyStarts, order)
          : Buffer.from(view);
      }
      chunked = { body: Buffer.from(view), keyStarts: this.#keyStarts.slice() };
      this.#cache[i] = chunked;
    }
    return order
      ? permutePayload(chunked.body, chunked.keyStarts, order)
      : chunked.body;
  }

  /**
   * "Churn": on every instance, 10% of the keys (a different 10% each
   * round) get 1-20 new occurrences, hence new samples. Returns the number of
   * (instance, key) pairs changed.
   */
  churn(round: number, now: number, fraction = 0.1): number {
    const { keys, seed } = this.#shape;
    const perInstance = Math.max(1, Math.round(keys * fraction));
    let changed = 0;
    for (let i = 0; i < this.#count; i++) {
      const start = hashInts(seed, this.#first + i, round) % keys;
      for (let j = 0; j < perInstance; j++) {
        const k = (start + j) % keys;
        const slot = i * keys + k;
        this.#counts[slot] +=
          1 + (hashInts(seed, this.#first + i, k, round) % 20);
        this.#lastAt[slot] = now - (j % 30) * 1000;
        changed++;
      }
      this.#cache[i] = undefined;
    }
    return changed;
  }

  /**
   * "Restart wave": `fraction` of the instances (every fifth, shifted per
   * round) restarted: a new `target_uuid` and low counters (1-3) with as
   * many samples. Returns the number of instances restarted.
   */
  restart(round: number, now: number, fraction = 0.2): number {
    const { keys, seed } = this.#shape;
    const every = Math.max(1, Math.round(1 / fraction));
    let restarted = 0;
    for (let i = 0; i < this.#count; i++) {
      if ((this.#first + i + round) % every !== 0) {
        continue;
      }
      this.#generation[i] += 1;
      for (let k = 0; k < keys; k++) {
        this.#retired += this.#counts[i * keys + k];
      }
      this.#startedAt[i] = now - 20_000;
      for (let k = 0; k < keys; k++) {
        const slot = i * keys + k;
        this.#counts[slot] =
          1 + (hashInts(seed, this.#first + i, k, round, 7) % 3);
        this.#lastAt[slot] = now - 1000 * (k % 15);
      }
      this.#cache[i] = undefined;
      restarted++;
    }
    return restarted;
  }

  /**
   * Every occurrence these instances ever reported, restarts included: what
   * an exact aggregator's lifetime totals must add up to.
   */
  get lifetimeOccurrences(): number {
    let sum = this.#retired;
    for (let slot = 0; slot < this.#counts.length; slot++) {
      sum += this.#counts[slot];
    }
    return sum;
  }

  /** The `target_uuid` of local instance `i` in its current generation. */
  targetUuid(i: number): string {
    const globalIndex = this.#first + i;
    const generation = this.#generation[i];
    return `${hex(
      hashInts(this.#shape.seed, globalIndex, generation),
      8,
    )}-${hex(globalIndex >>> 16, 4)}-4${hex(globalIndex & 0xfff, 3)}-a${hex(
      generation,
      3,
    )}-${hex(hashInts(globalIndex, generation, 99), 8)}0000`;
  }

  /**
   * Builds the payload of local instance `i` into the scratch buffer and
   * returns a view of it (valid until the next build); the key offsets are
   * left in `#keyStarts`.
   */
  #build(i: number): Buffer {
    const { keys } = this.#shape;
    const globalIndex = this.#first + i;
    const entity = entityOfInstance(this.#shape, globalIndex);
    const generation = this.#generation[i];
    const out = new PayloadWriter(this.#scratch);
    const createdAt = new Date(this.#startedAt[i]).toISOString();
    out.ascii('{"aggregated_errors":[');
    for (let k = 0; k < keys; k++) {
      const template = this.#encoded[this.#templateOf[entity * keys + k]];
      const slot = i * keys + k;
      const count = this.#counts[slot];
      const lastAt = this.#lastAt[slot];
      if (k > 0) out.ascii(',');
      this.#keyStarts[k] = out.length;
      out.bytes(template.head);
      out.ascii(String(count));
      out.bytes(template.severityAndSamples);
      const samples = Math.min(count, SAMPLES_PER_KEY);
      for (let s = 0; s < samples; s++) {
        // oldest first, like the clients' ring buffers
        const seq = count - samples + 1 + s;
        const variant = seq % VARIANTS;
        if (s > 0) out.ascii(',');
        out.ascii('{"error":');
        out.bytes(template.error[variant]);
        out.ascii(',"uuid":"');
        out.ascii(sampleUuid(globalIndex, generation, k, seq));
        out.ascii('","timestamp":"');
        out.ascii(new Date(lastAt - (count - seq) * 1500).toISOString());
        out.bytes(template.sampleSeverity);
        out.bytes(template.httpContext[variant]);
        out.ascii('}');
      }
      out.ascii('],"created_at":"');
      out.ascii(createdAt);
      out.ascii('"}');
    }
    this.#keyStarts[keys] = out.length;
    out.ascii('],"target_uuid":"');
    out.ascii(this.targetUuid(i));
    out.ascii('"}');
    return out.view();
  }
}

/** The byte pieces of a template, encoded once. */
interface EncodedTemplate {
  /** `{"aggregation_key":"…","total_count":` */
  head: Buffer;
  /** `,"severity":"…","latest_errors":[` */
  severityAndSamples: Buffer;
  /** `","severity":"…","http_context":` */
  sampleSeverity: Buffer;
  error: Buffer[];
  httpContext: Buffer[];
}

function encodeTemplate(template: ErrorTemplate): EncodedTemplate {
  return {
    head: Buffer.from(
      `{"aggregation_key":${JSON.stringify(
        template.aggregationKey,
      )},"total_count":`,
    ),
    severityAndSamples: Buffer.from(
      `,"severity":"${template.severity}","latest_errors":[`,
    ),
    sampleSeverity: Buffer.from(
      `","severity":"${template.severity}","http_context":`,
    ),
    error: template.errorJson.map(json => Buffer.from(json)),
    httpContext: template.httpContextJson.map(json => Buffer.from(json)),
  };
}

/** A uuid-shaped id unique per (instance, generation, key, occurrence number). */
function sampleUuid(
  instance: number,
  generation: number,
  key: number,
  seq: number,
): string {
  return `${hex(instance, 8)}-${hex(generation, 4)}-4${hex(key, 3)}-8${hex(
    seq >>> 24,
    3,
  )}-${hex(seq & 0xffffff, 6)}${hex(hashInts(instance, key, seq), 6)}`;
}
