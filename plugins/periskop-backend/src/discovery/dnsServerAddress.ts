import { isIP } from 'node:net';

/**
 * Checks one entry of `periskop.discovery.dnsServers` and writes it the
 * way `dns.Resolver#setServers` takes it: `10.0.0.53`, `10.0.0.53:5353`,
 * `[fd00::53]` or `[fd00::53]:5353` (a bare IPv6 address, `fd00::53`, gets
 * its brackets). Host names are refused: the servers are what resolves
 * names. Returns the normalised entry, or `{ problem }` saying what is
 * wrong. Pure.
 */
export function parseDnsServerAddress(
  entry: string,
): string | { problem: string } {
  const text = entry.trim();
  if (isIP(text) === 4) {
    return text;
  }
  if (isIP(text) === 6) {
    return `[${text.toLowerCase()}]`;
  }
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const plain = /^([^:[\]]+):(\d{1,5})$/.exec(text);
  const [, host, port] = bracketed ?? plain ?? [];
  const family = isIP(host ?? '');
  if (!host || family === 0 || (bracketed && family !== 6)) {
    return {
      problem:
        'write an IP address with an optional port: 10.0.0.53, 10.0.0.53:5353, [fd00::53] or [fd00::53]:5353',
    };
  }
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) {
    return { problem: `the port must be 1 to 65535, got ${port}` };
  }
  const address = family === 6 ? `[${host.toLowerCase()}]` : host;
  return port === undefined ? address : `${address}:${Number(port)}`;
}
