/**
 * One static instance, scraped at exactly this URL.
 * @public
 */
export interface HttpTargetSpec {
  /** Discriminant: a URL entry (`http://` or `https://`). */
  type: 'http';
  /** Normalised full URL including the path (and query, if any). */
  url: string;
}

/**
 * Every A/AAAA record of `host` is an instance, scraped at
 * `http://<address>:<port><path>`.
 * @public
 */
export interface DnsATargetSpec {
  /** Discriminant: a `dns+a://` entry. */
  type: 'dns+a';
  /** DNS name, lower-cased. */
  host: string;
  /** Port every address is scraped on, 1 to 65535. */
  port: number;
  /** Path starting with `/`, including the query string if the entry had one. */
  path: string;
  /** Always `http`: DNS targets are scraped over plain HTTP. */
  scheme: 'http';
}

/**
 * Every SRV record of `name` is an instance, scraped at
 * `http://<target>:<port><path>` with target and port from the record.
 * @public
 */
export interface DnsSrvTargetSpec {
  /** Discriminant: a `dns+srv://` entry. */
  type: 'dns+srv';
  /** SRV record name, lower-cased, usually `_service._proto.domain`. */
  name: string;
  /** Path starting with `/`, including the query string if the entry had one. */
  path: string;
  /** Always `http`: DNS targets are scraped over plain HTTP. */
  scheme: 'http';
}

/**
 * One entry of the `periskop.io/targets` annotation, validated and normalised.
 * @public
 */
export type TargetSpec = HttpTargetSpec | DnsATargetSpec | DnsSrvTargetSpec;
