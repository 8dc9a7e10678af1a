import { Response } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Answers 200 with a JSON array, written one item at a time with the
 * response's backpressure. An entity's thousand groups with a hundred
 * samples each make a large answer; this keeps only one item's text in
 * memory at a time instead of the whole document. A client that goes away
 * mid-answer ends the writing; there is nobody left to tell.
 */
export async function sendJsonArray<T>(
  res: Response,
  items: readonly T[],
  toJson: (item: T) => unknown,
): Promise<void> {
  function* chunks(): Generator<string> {
    yield '[';
    for (let i = 0; i < items.length; i++) {
      yield (i > 0 ? ',' : '') + JSON.stringify(toJson(items[i]));
    }
    yield ']';
  }
  res.status(200).type('application/json');
  try {
    await pipeline(Readable.from(chunks()), res);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE'
    ) {
      throw error;
    }
  }
}
