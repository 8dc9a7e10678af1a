import * as dns from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { DnsResolver } from './DnsResolver';

/**
 * A `dns.lookup`-compatible function on a {@link DnsResolver}, for
 * connections when `periskop.discovery.dnsServers` is set: a `dns+srv`
 * target keeps the host name of its SRV record, which only those servers
 * may know, so it must be resolved by them when it is fetched too. A name
 * they cannot resolve goes to the system's lookup, as before, so that
 * `http(s)://` entries and `backend.baseUrl` keep resolving as the
 * machine does (`localhost`, `/etc/hosts`); the outbound policy judges
 * whatever address comes back. IP literals are returned as they are.
 */
export function resolverLookup(resolver: DnsResolver): LookupFunction {
  return (hostname, options, callback) => {
    const literal = isIP(hostname);
    const found: Promise<string[]> = literal
      ? Promise.resolve([hostname])
      : resolver.resolveAddresses(hostname);
    found.then(
      all => {
        const addresses = all
          .map(address => ({ address, family: isIP(address) }))
          .filter(a => !options.family || a.family === options.family);
        if (addresses.length === 0) {
          callback(
            Object.assign(
              new Error(`no address of ${hostname} in the wanted family`),
              {
                code: 'ENOTFOUND',
                hostname,
              },
            ),
            '',
          );
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, addresses[0].address, addresses[0].family);
        }
      },
      () => {
        (dns.lookup as LookupFunction)(hostname, options, callback);
      },
    );
  };
}
