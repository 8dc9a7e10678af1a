/** The outcome of fetching one target's payload. */
export type FetchResult =
  | {
      ok: true;
      /** The body, decoded as UTF-8 (fetchers may decode it on first access). */
      body: string;
      /**
       * The body's bytes as received, when the fetcher has them: a reader
       * that takes bytes then never decodes the payload as a whole.
       */
      content?: Uint8Array;
      /** Size of the body in bytes as received. */
      bytes: number;
      durationMs: number;
      /**
       * SHA-256 (hex) of the body as received, when the fetcher computed
       * it while reading: lets a caller recognise an unchanged payload
       * without decoding it.
       */
      digest?: string;
      /**
       * The media type of the response (`application/json`), as
       * `responseTraits.ts` describes it, when the fetcher knows it.
       */
      mediaType?: string;
    }
  | {
      ok: false;
      /**
       * A human sentence: "timed out after 10s", "HTTP 503 Service
       * Unavailable (text/html, 1.2 KiB)", "response larger than 10 MiB", ...;
       * never bytes of the response.
       */
      reason: string;
      durationMs: number;
      /** Bytes received before the failure, when known. */
      bytes?: number;
    };

/**
 * Fetches Periskop payloads over HTTP with the limits of the scrape config.
 */
export interface TargetFetcher {
  /**
   * @param options.digest - whether to hash the body while it arrives
   *   (default true); a target known to serve other bytes every time
   *   (a client that reorders its keys) need not pay for it.
   */
  fetch(
    url: string,
    options?: { signal?: AbortSignal; digest?: boolean },
  ): Promise<FetchResult>;
  /** Releases pooled connections. */
  close(): Promise<void>;
}
