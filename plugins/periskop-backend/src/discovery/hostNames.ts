// How host names and addresses are written in URLs, DNS answers and
// config entries, so that every comparison sees one spelling.

/**
 * Lower-cases and removes one trailing dot (the DNS root), so that
 * `API.Example.com.` and `api.example.com` are one name.
 */
export function normaliseHostname(hostname: string): string {
  const lower = hostname.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * A host without the brackets that URLs put around IPv6 literals:
 * `[::1]` becomes `::1`; anything else is returned as it is.
 */
export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * `host:port` as a URL writes it, with an IPv6 literal in brackets
 * (`[::1]:8080`); without a port, the host alone (`[::1]`). Host names never
 * contain a colon, so a colon is what marks an IPv6 literal.
 */
export function formatHostPort(host: string, port?: number): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? bracketed : `${bracketed}:${port}`;
}
