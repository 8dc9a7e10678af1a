import type { TargetSpec } from './TargetSpec';

/**
 * The path scraped when a target entry has none; where every Periskop client
 * serves its errors by convention.
 * @public
 */
export const DEFAULT_EXCEPTIONS_PATH = '/-/exceptions';

/**
 * How many distinct targets one `periskop.io/targets` annotation may list
 * by default. Anyone who may edit a `catalog-info.yaml` writes the
 * annotation, and every entry costs a target row and a request (a DNS
 * entry possibly hundreds): 32 is far more than a service lists by hand
 * (one entry per environment or DNS name), and bounds what a mistake or an
 * abuse costs. The backend may configure another limit
 * (`periskop.discovery.maxEntriesPerAnnotation`).
 * @public
 */
export const DEFAULT_MAX_TARGET_ENTRIES = 32;

/**
 * Options of {@link parseTargetsAnnotation}.
 * @public
 */
export interface ParseTargetsAnnotationOptions {
  /**
   * Distinct valid targets kept; the rest are `omitted` and reported in
   * `errors`. Default {@link DEFAULT_MAX_TARGET_ENTRIES}.
   */
  maxEntries?: number;
}

/**
 * The outcome of {@link parseTargetsAnnotation}: the valid targets, and one
 * human-readable message per invalid entry.
 * @public
 */
export interface ParsedTargetsAnnotation {
  /**
   * The valid entries, in annotation order, without duplicates; at most
   * `maxEntries` of them.
   */
  targets: TargetSpec[];
  /**
   * One message per invalid entry, naming it, and one when entries were
   * omitted; empty when all are valid.
   */
  errors: string[];
  /** Valid, distinct entries past `maxEntries`, in order: not to be scraped. */
  omitted: TargetSpec[];
}

const SUPPORTED_SCHEMES = 'use http(s)://, dns+a:// or dns+srv://';
const MAX_NAME_LENGTH = 200;

// Labels of letters, digits, `-` and `_` (SRV names start with `_service`),
// at most 63 characters each and 253 in all; a trailing dot (FQDN) is allowed.
const DNS_NAME =
  /^(?=.{1,253}\.?$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

/** Names an entry in a message; quoted, escaped and not absurdly long. */
function nameOf(entry: string): string {
  const shown =
    entry.length > MAX_NAME_LENGTH
      ? `${entry.slice(0, MAX_NAME_LENGTH)}…`
      : entry;
  return JSON.stringify(shown);
}

interface Authority {
  host: string;
  /** The text after the host's `:`, if any (may be empty or invalid). */
  port?: string;
}

/** Splits `host[:port]`, with bracketed IPv6 hosts like `[::1]:8080`. */
function splitAuthority(authority: string): Authority | undefined {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    if (end < 0) return undefined;
    const host = authority.slice(0, end + 1);
    const rest = authority.slice(end + 1);
    if (rest === '') return { host };
    if (!rest.startsWith(':')) return undefined;
    return { host, port: rest.slice(1) };
  }
  const colon = authority.lastIndexOf(':');
  if (colon < 0) return { host: authority };
  const host = authority.slice(0, colon);
  // A second colon means an IPv6 address without brackets.
  if (host.includes(':')) return undefined;
  return { host, port: authority.slice(colon + 1) };
}

/** Path plus query of a parsed URL, defaulting an empty path. */
function pathOf(url: URL): string {
  const pathname =
    url.pathname === '' || url.pathname === '/'
      ? DEFAULT_EXCEPTIONS_PATH
      : url.pathname;
  return `${pathname}${url.search}`;
}

function parseUrl(entry: string): URL | undefined {
  try {
    return new URL(entry);
  } catch {
    return undefined;
  }
}

/** Validates one non-empty, trimmed entry: a target, or an error message. */
function parseTargetEntry(entry: string): TargetSpec | string {
  const name = nameOf(entry);
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(entry);
  const scheme = schemeMatch?.[1].toLowerCase();
  if (
    !schemeMatch ||
    (scheme !== 'http' &&
      scheme !== 'https' &&
      scheme !== 'dns+a' &&
      scheme !== 'dns+srv')
  ) {
    return `${name} is not a supported target: ${SUPPORTED_SCHEMES}`;
  }

  const rest = entry.slice(schemeMatch[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);

  if (authority.includes('@')) {
    // Don't echo a password into catalog errors and logs.
    const redacted = `${schemeMatch[0]}***@${rest.slice(
      authority.lastIndexOf('@') + 1,
    )}`;
    return `${nameOf(
      redacted,
    )} contains credentials (user:password@): they are not allowed in targets`;
  }
  if (entry.includes('#')) {
    return `${name} has a fragment (#...): remove it, fragments are never sent to the server`;
  }
  if (/\s/.test(entry)) {
    return `${name} contains whitespace: separate targets with commas`;
  }

  const split = splitAuthority(authority);
  if (!split) {
    return `${name} has an invalid host: put IPv6 addresses in brackets, e.g. http://[::1]:8080`;
  }
  if (split.host === '') {
    return `${name} has no host`;
  }
  // "host:" is treated like "host" (as WHATWG URL does).
  const portText = split.port === '' ? undefined : split.port;
  let port: number | undefined;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      return `${name} has an invalid port ${JSON.stringify(
        portText,
      )}: use 1 to 65535`;
    }
  }

  const url = parseUrl(entry);
  if (!url) {
    return `${name} is not a valid URL`;
  }

  if (scheme === 'http' || scheme === 'https') {
    if (url.hostname === '') {
      return `${name} has no host`;
    }
    if (url.pathname === '' || url.pathname === '/') {
      url.pathname = DEFAULT_EXCEPTIONS_PATH;
    }
    return { type: 'http', url: url.href };
  }

  if (split.host.startsWith('[') || !DNS_NAME.test(split.host)) {
    return `${name} has an invalid DNS name ${JSON.stringify(split.host)}`;
  }
  const dnsName = split.host.toLowerCase();

  if (scheme === 'dns+a') {
    if (port === undefined) {
      return `${name} has no port: dns+a targets need one, e.g. dns+a://${dnsName}:8080`;
    }
    return {
      type: 'dns+a',
      host: dnsName,
      port,
      path: pathOf(url),
      scheme: 'http',
    };
  }

  if (port !== undefined) {
    return `${name} has a port: dns+srv targets take the port from the SRV records`;
  }
  return { type: 'dns+srv', name: dnsName, path: pathOf(url), scheme: 'http' };
}

/** A string that identifies a target, for removing duplicates. */
function identityOf(target: TargetSpec): string {
  switch (target.type) {
    case 'http':
      return target.url;
    case 'dns+a':
      return `dns+a://${target.host}:${target.port}${target.path}`;
    default:
      return `dns+srv://${target.name}${target.path}`;
  }
}

/**
 * Parses the value of the `periskop.io/targets` annotation.
 *
 * Entries are separated by commas; whitespace around them and empty entries
 * are ignored. Supported forms:
 *
 * - `http(s)://host[:port][/path][?query]`: one static instance;
 * - `dns+a://name:port[/path]`: every A/AAAA record of `name` (port required);
 * - `dns+srv://_service._proto.name[/path]`: every SRV record (no port).
 *
 * A missing path (or `/`) becomes {@link DEFAULT_EXCEPTIONS_PATH}; query
 * strings are kept. Other schemes, missing hosts, credentials, fragments and
 * invalid ports are errors naming the entry. Duplicates are removed, keeping
 * the first. Distinct targets past `options.maxEntries` (default
 * {@link DEFAULT_MAX_TARGET_ENTRIES}) are `omitted`, with one error saying
 * so. Pure and isomorphic: no DNS lookups happen here.
 *
 * @param value - the annotation value
 * @param options - the limit on entries
 * @returns the valid targets in order, one error per invalid entry, and the
 *   entries past the limit
 * @public
 */
export function parseTargetsAnnotation(
  value: string,
  options: ParseTargetsAnnotationOptions = {},
): ParsedTargetsAnnotation {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_TARGET_ENTRIES;
  const targets: TargetSpec[] = [];
  const errors: string[] = [];
  const omitted: TargetSpec[] = [];
  if (typeof value !== 'string') {
    // Annotations are strings by contract; guard against odd YAML anyway.
    errors.push('the periskop.io/targets annotation must be a string');
    return { targets, errors, omitted };
  }
  const seen = new Set<string>();
  for (const rawEntry of value.split(',')) {
    const entry = rawEntry.trim();
    if (entry === '') {
      continue;
    }
    const target = parseTargetEntry(entry);
    if (typeof target === 'string') {
      errors.push(target);
      continue;
    }
    const identity = identityOf(target);
    if (!seen.has(identity)) {
      seen.add(identity);
      (targets.length < maxEntries ? targets : omitted).push(target);
    }
  }
  if (omitted.length > 0) {
    errors.push(
      `the annotation lists ${
        targets.length + omitted.length
      } targets, more than the limit of ${maxEntries}: ${nameOf(
        identityOf(omitted[0]),
      )} and every target after it (${omitted.length} in all) are left out`,
    );
  }
  return { targets, errors, omitted };
}
