import { normaliseHostname } from './hostNames';
/**
 * A compiled host name pattern of the outbound policy.
 *
 * Matching is case-insensitive and ignores a trailing dot on either side.
 * `*` has two meanings:
 *
 * - as the whole **first** label (`*.example.com`, or just `*`) it matches
 *   one or more whole labels: `a.example.com` and `a.b.example.com`, but not
 *   `example.com`;
 * - anywhere else (`api-*.example.com`, `api.*.example.com`) it matches
 *   characters **within one label** and never a dot, so
 *   `api-*.example.com` matches `api-1.example.com` but not
 *   `api-1.evil.example.com`.
 *
 * Globs never match IP address literals; ranges of addresses are written as
 * CIDRs.
 */
export interface HostGlob {
  /** The entry as written in the configuration. */
  entry: string;
  matches(hostname: string): boolean;
}

const LABEL = /^[a-z0-9_*-]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a host glob, or returns a message saying what is wrong with it.
 */
export function compileHostGlob(entry: string): HostGlob | string {
  const glob = normaliseHostname(entry);
  if (glob === '') {
    return 'it is empty';
  }
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(glob)) {
    return 'write internationalised names in their ASCII (xn--) form';
  }
  const labels = glob.split('.');
  if (!labels.every(label => LABEL.test(label))) {
    return 'it is neither a host name pattern (letters, digits, "-", "_", "*" and dots), an IP address nor a CIDR';
  }
  if (
    labels.every(label => /^[0-9*]+$/.test(label)) &&
    labels.some(label => /[0-9]/.test(label))
  ) {
    return 'host patterns do not match IP addresses: write address ranges as CIDRs, e.g. 10.0.0.0/8';
  }

  const parts = labels.map((label, index) => {
    if (label === '*') {
      return index === 0 ? '(?:[^.]+\\.)*[^.]+' : '[^.]+';
    }
    return label.split('*').map(escapeRegExp).join('[^.]*');
  });
  const pattern = new RegExp(`^${parts.join('\\.')}$`);
  return {
    entry,
    matches: hostname => pattern.test(normaliseHostname(hostname)),
  };
}
