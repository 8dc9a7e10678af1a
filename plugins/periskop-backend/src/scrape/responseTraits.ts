import type { Dispatcher } from 'undici';
import { formatBytes } from './formatBytes';
import { headerValue } from './responseBody';

// What a failure reason may say about a response: its status, its media type
// and its size. Never bytes of it: whoever may edit an annotation can point
// a target at an internal URL and read the reason on the Errors tab.

type Headers = Dispatcher.ResponseData['headers'];

/** A media type as registered names look (`text/html`, `application/problem+json`). */
const MEDIA_TYPE =
  /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/**
 * The media type of a response, lower-case and without parameters
 * (a `charset` or anything a server chose to put there), or a description
 * when there is none or it does not look like one.
 */
export function mediaTypeOf(headers: Headers): string {
  const raw = headerValue(headers['content-type']);
  if (raw === undefined || raw.trim() === '') {
    return 'no content type';
  }
  const type = raw.split(';')[0].trim().toLowerCase();
  return MEDIA_TYPE.test(type) ? type : 'an invalid content type';
}

/**
 * `text/html, 1.2 KiB`: the media type and the size of a response body,
 * `more than <limit>` when only that much of it was read.
 */
export function describeResponse(traits: {
  mediaType: string;
  bytes: number;
  /** True when the body was not read to its end. */
  truncated?: boolean;
}): string {
  let size: string;
  if (traits.truncated) {
    size = `more than ${formatBytes(traits.bytes)}`;
  } else if (traits.bytes === 0) {
    size = 'empty';
  } else {
    size = formatBytes(traits.bytes);
  }
  return `${traits.mediaType}, ${size}`;
}
