/*
 * `npm run bench:reader`: what reading one payload costs in this Node, for
 * the ways the scraper could read it. The payloads are the benchmark
 * fleet's (50 keys x 10 samples, about 1 MB), each read in a new key order
 * as periskop-go serves them. Prints median milliseconds per payload and
 * the heap a read keeps (each way starts from the bytes as received), so that the choice of reader in
 * plugin-periskop-common can be re-checked on every Node version.
 */
import {
  parsePeriskopPayload,
  readPeriskopPayload,
} from '@periskop-backstage/plugin-periskop-common';
import v8 from 'node:v8';
import vm from 'node:vm';
import { FleetPayloads } from '../fleet/FleetPayloads';
import { hashInts } from '../fleet/random';

const PAYLOADS = 20;
const ROUNDS = 15;

/** A permutation of 0..n-1 derived from `seed`. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = hashInts(seed, i) % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection, so that heap figures show what is retained. */
const collectGarbage = vm.runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Way {
  name: string;
  read: (body: Buffer) => unknown;
}

function measure(way: Way, bodies: Buffer[]) {
  for (const body of bodies) way.read(body); // warm up
  const times: number[] = [];
  // garbage collection is part of what a way of reading costs: not forced
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (const body of bodies) way.read(body);
    times.push(Number(process.hrtime.bigint() - started) / 1e6 / bodies.length);
  }
  // what a read holds on to while its payload is being stored
  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const kept = bodies.map(body => way.read(body));
  collectGarbage();
  const retained = (process.memoryUsage().heapUsed - heapBefore) / kept.length;
  return { ms: median(times), retainedBytes: Math.max(0, retained) };
}

export async function main(argv: string[]): Promise<number> {
  const keys = Number(argv[0] ?? 50);
  const shape = { instances: PAYLOADS, entities: PAYLOADS, keys, seed: 42 };
  const fleet = new FleetPayloads(shape, 0, PAYLOADS, {
    now: Date.now(),
    cacheBytes: 1 << 30,
  });
  const bodies = Array.from({ length: PAYLOADS }, (_, i) =>
    fleet.payload(i, shuffled(keys, i + 1)),
  );
  const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
  const moved = Math.max(1, Math.round(keys / 10));
  const ways: Way[] = [
    {
      name: 'decode + JSON.parse (the floor)',
      read: body => JSON.parse(body.toString('utf8')),
    },
    {
      name: 'decode + parsePeriskopPayload (every sample validated)',
      read: body => parsePeriskopPayload(body.toString('utf8')),
    },
    {
      name: 'readPeriskopPayload, keys and counts only (nothing moved)',
      read: body => readPeriskopPayload(body),
    },
    {
      name: `readPeriskopPayload + samples of ${moved} of ${keys} keys (churn)`,
      read: body => {
        const read = readPeriskopPayload(body);
        if (read.ok) {
          for (const aggregate of read.aggregates.slice(0, moved)) {
            aggregate.readSamples();
          }
        }
        return read;
      },
    },
    {
      name: 'readPeriskopPayload + every sample (first scrape)',
      read: body => {
        const read = readPeriskopPayload(body);
        if (read.ok) read.aggregates.forEach(a => a.readSamples());
        return read;
      },
    },
  ];
  process.stdout.write(
    `Node ${
      process.version
    }: ${PAYLOADS} payloads of ${keys} keys x 10 samples, ${(
      bytes /
      PAYLOADS /
      1024
    ).toFixed(0)} KiB each, keys in a new order per payload\n\n`,
  );
  process.stdout.write(
    '| way of reading | ms per payload | MB/s | heap retained per payload |\n',
  );
  process.stdout.write('| --- | ---: | ---: | ---: |\n');
  for (const way of ways) {
    const { ms, retainedBytes } = measure(way, bodies);
    process.stdout.write(
      `| ${way.name} | ${ms.toFixed(2)} | ${(
        bytes /
        PAYLOADS /
        1e6 /
        (ms / 1000)
      ).toFixed(0)} | ${(retainedBytes / 1024).toFixed(0)} KiB |\n`,
    );
  }
  return 0;
}
