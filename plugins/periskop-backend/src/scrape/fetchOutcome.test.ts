import { toFetchResult } from './fetchOutcome';

describe('toFetchResult', () => {
  it('decodes the body from its chunks on first access only, and hides the digest', () => {
    const chunks = [Buffer.from('{"a":'), Buffer.from('"é"}')];
    const result = toFetchResult(
      { ok: true, chunks, bytes: 10, digest: 'abc' },
      12,
    );
    expect(result).toEqual({
      ok: true,
      body: '{"a":"é"}',
      bytes: 10,
      durationMs: 12,
    });
    expect(Object.keys(result)).not.toContain('digest');
    expect(result.ok && result.digest).toBe('abc');
    expect(result.ok && Buffer.from(result.content!).toString()).toBe(
      '{"a":"é"}',
    );
    chunks[0] = Buffer.from('changed');
    expect(result.ok && result.body).toBe('{"a":"é"}'); // kept
  });

  it('passes a failure through with its duration', () => {
    expect(
      toFetchResult({ ok: false, reason: 'HTTP 503', bytes: 3 }, 7),
    ).toEqual({ ok: false, reason: 'HTTP 503', bytes: 3, durationMs: 7 });
  });
});
