import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';
import { stripBrackets } from '../discovery/hostNames';

/**
 * undici's connector with a `dns.lookup`-compatible hook (the outbound
 * policy), which also sees IP-literal hosts: `net.connect` would connect to
 * those without asking, so a literal link-local address would get through.
 */
export function connectWithLookup(
  timeoutMs: number,
  lookup: LookupFunction | undefined,
): buildConnector.connector {
  const connect = buildConnector({
    timeout: timeoutMs,
    ...(lookup ? { lookup } : {}),
  });
  if (!lookup) {
    return connect;
  }
  return (options, callback) => {
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
