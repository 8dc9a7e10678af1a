import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { stripBrackets } from '../discovery/hostNames';

/** The `dns.lookup`-compatible hook for connections to one port. */
export type LookupForPort = (port: number) => LookupFunction;

/**
 * undici's connector with a `dns.lookup`-compatible hook (the outbound
 * policy), which also sees IP-literal hosts: `net.connect` would connect to
 * those without asking, so a literal link-local address would get through.
 *
 * The hook is made per port (`lookupForPort`), because some addresses are
 * refused only on one port (this backend's own). undici passes its lookup to
 * `net.connect` once per connector, so there is one connector per port
 * connected to: few in practice, as targets share their ports.
 */
export function connectWithLookup(
  timeoutMs: number,
  lookupForPort: LookupForPort | undefined,
): buildConnector.connector {
  if (!lookupForPort) {
    return buildConnector({ timeout: timeoutMs });
  }
  const byPort = new Map<
    number,
    { lookup: LookupFunction; connect: buildConnector.connector }
  >();
  const forPort = (port: number) => {
    let entry = byPort.get(port);
    if (!entry) {
      const lookup = lookupForPort(port);
      entry = {
        lookup,
        connect: buildConnector({ timeout: timeoutMs, lookup }),
      };
      byPort.set(port, entry);
    }
    return entry;
  };
  return (options, callback) => {
    const port =
      Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const { lookup, connect } = forPort(port);
    // URL hosts keep IPv6 literals in brackets: `[::1]`
    const host = stripBrackets(options.hostname);
    if (!isIP(host)) {
      connect(options, callback);
      return;
    }
    lookup(host, { all: true }, error => {
      if (error) {
        callback(error, null);
      } else {
        connect(options, callback);
      }
    });
  };
}
