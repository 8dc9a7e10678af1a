import { FleetPayloads, FleetShape } from './FleetPayloads';
import { KeyOrders, reordersAt } from './KeyOrders';

const shape: FleetShape = { instances: 40, entities: 8, keys: 6, seed: 42 };

/** Each key's object, re-serialised, by aggregation key. */
function byKey(body: Buffer): Map<string, string> {
  const parsed = JSON.parse(body.toString('utf8'));
  return new Map(
    parsed.aggregated_errors.map((e: { aggregation_key: string }) => [
      e.aggregation_key,
      JSON.stringify(e),
    ]),
  );
}

describe('KeyOrders', () => {
  it.each([
    ['kept', 1e9],
    ['built on demand', 0],
  ])(
    'serves the same keys in a new order on every request (payloads %s)',
    (_, cacheBytes) => {
      const payloads = new FleetPayloads(shape, 10, 20, {
        now: 1e12,
        cacheBytes,
      });
      const orders = new KeyOrders({
        seed: shape.seed,
        first: 10,
        count: 20,
        keys: shape.keys,
        fraction: 1,
      });
      for (let i = 0; i < 20; i++) {
        const canonical = payloads.payload(i);
        const keys = byKey(canonical);
        let previous = canonical.toString('latin1');
        for (let request = 0; request < 4; request++) {
          const body = payloads.payload(i, orders.next(i));
          const text = body.toString('latin1');
          expect(body.length).toBe(canonical.length);
          expect(text).not.toBe(previous);
          expect(byKey(body)).toEqual(keys);
          // every key's bytes as built, not only the same JSON value
          for (const [key] of keys) {
            const start = canonical.indexOf(
              `{"aggregation_key":${JSON.stringify(key)}`,
            );
            const next = canonical.indexOf('{"aggregation_key":', start + 1);
            const end =
              next > 0 ? next - 1 : canonical.lastIndexOf('],"target_uuid"');
            expect(text).toContain(canonical.toString('latin1', start, end));
          }
          previous = text;
        }
      }
      expect(orders.requestCounts()).toEqual(new Uint32Array(20).fill(4));
    },
  );

  it('derives the orders from seed, instance and request number only', () => {
    const make = () =>
      new KeyOrders({ seed: 7, first: 0, count: 3, keys: 10, fraction: 1 });
    const a = make();
    const b = make();
    for (let request = 0; request < 5; request++) {
      expect(Array.from(a.next(2)!)).toEqual(Array.from(b.next(2)!));
    }
  });

  it('serves the canonical order where the instance does not reorder', () => {
    const orders = new KeyOrders({
      seed: 1,
      first: 0,
      count: 5,
      keys: 4,
      fraction: 0,
    });
    expect(orders.next(3)).toBeUndefined();
    expect(orders.requestCounts()[3]).toBe(1);
  });

  it('picks a stable share of the instances for a fraction', () => {
    const count = (fraction: number) => {
      let n = 0;
      for (let i = 0; i < 10_000; i++) if (reordersAt(42, i, fraction)) n++;
      return n;
    };
    expect(count(0)).toBe(0);
    expect(count(1)).toBe(10_000);
    expect(Math.abs(count(0.5) - 5000)).toBeLessThan(300);
    // monotone: whoever reorders at 0.3 also does at 0.6
    const dropped = Array.from({ length: 1000 }, (_, i) => i).filter(
      i => reordersAt(42, i, 0.3) && !reordersAt(42, i, 0.6),
    );
    expect(dropped).toEqual([]);
  });
});
