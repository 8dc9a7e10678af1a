import { RingBuffer } from './RingBuffer';

describe('RingBuffer', () => {
  it('keeps items in order until full', () => {
    const buffer = new RingBuffer<number>(3);
    expect(buffer.toArray()).toEqual([]);
    buffer.push(1);
    buffer.push(2);
    expect(buffer.size).toBe(2);
    expect(buffer.toArray()).toEqual([1, 2]);
  });

  it('drops the oldest items when full', () => {
    const buffer = new RingBuffer<number>(3);
    for (let i = 1; i <= 8; i += 1) buffer.push(i);
    expect(buffer.size).toBe(3);
    expect(buffer.toArray()).toEqual([6, 7, 8]);
  });

  it('works with capacity 1', () => {
    const buffer = new RingBuffer<string>(1);
    buffer.push('a');
    buffer.push('b');
    expect(buffer.toArray()).toEqual(['b']);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
    expect(() => new RingBuffer(1.5)).toThrow(RangeError);
    expect(() => new RingBuffer(NaN)).toThrow(RangeError);
  });
});
