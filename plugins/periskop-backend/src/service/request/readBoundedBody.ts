import { Request } from 'express';
import { PayloadTooLargeError } from './httpStatusErrors';

/**
 * The raw body of a request, whatever its content type (Periskop clients
 * send `application/json`, none, or `application/x-www-form-urlencoded`),
 * refused with a 413 as soon as it is known to exceed `maxBytes`: from its
 * `Content-Length`, or while it streams (chunked). The connection is then
 * closed rather than drained.
 */
export function readBoundedBody(
  req: Request,
  res: { setHeader(name: string, value: string): unknown },
  maxBytes: number,
): Promise<Buffer> {
  const tooLarge = () => {
    res.setHeader('Connection', 'close');
    return new PayloadTooLargeError(
      `The body is larger than ${maxBytes} bytes (periskop.scrape.maxBodyBytes)`,
    );
  };
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, bytes)));
    req.once('error', reject);
  });
}
