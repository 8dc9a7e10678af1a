import { SampleError } from '@periskop-backstage/plugin-periskop-common';

/** An error followed by its causes, outermost first. */
export function errorChain(error: SampleError): SampleError[] {
  const chain: SampleError[] = [];
  for (
    let current: SampleError | null = error;
    current;
    current = current.cause
  ) {
    chain.push(current);
  }
  return chain;
}

/** `Class: message`, or just the class when the message is empty. */
export function errorHeadline(error: SampleError): string {
  return error.message ? `${error.class}: ${error.message}` : error.class;
}

/**
 * The whole stack trace of an error as plain text, the way it is pasted in
 * tickets and chats: the headline, the frames verbatim (clients indent
 * them their own way), then `Caused by: …` and the frames of every cause.
 */
export function formatErrorChain(error: SampleError): string {
  return errorChain(error)
    .map((item, depth) =>
      [
        `${depth === 0 ? '' : 'Caused by: '}${errorHeadline(item)}`,
        ...item.stacktrace,
      ].join('\n'),
    )
    .join('\n');
}
