import { isIP } from 'node:net';
import { stripBrackets } from './hostNames';

/**
 * An IP address as a number. IPv4-mapped IPv6 addresses
 * (`::ffff:169.254.169.254`, also written `::ffff:a9fe:a9fe`) are stored as
 * the IPv4 address they stand for: connecting to one reaches that IPv4
 * address, so the policy must judge it as one.
 */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
  /** Canonical text: dotted quad, or the IPv6 text as given (lower case). */
  text: string;
}

/** An address range: every address whose first `prefix` bits equal `network`'s. */
export interface IpRange {
  version: 4 | 6;
  network: bigint;
  prefix: number;
}

function bitsOf(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

function parseIpv4(text: string): bigint {
  return text
    .split('.')
    .reduce((value, part) => (value << 8n) | BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint {
  let head = text;
  const extra: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  const tailText = text.slice(lastColon + 1);
  if (tailText.includes('.')) {
    // An embedded IPv4 address at the end (`::ffff:1.2.3.4`) is two groups.
    const v4 = parseIpv4(tailText);
    extra.push(v4 >> 16n, v4 & 0xffffn);
    head = text.slice(0, lastColon + 1);
    if (!head.endsWith('::')) {
      head = head.slice(0, -1);
    }
  }
  const compressed = head.indexOf('::');
  let groups: string[];
  if (compressed < 0) {
    groups = head === '' ? [] : head.split(':');
  } else {
    const left = head.slice(0, compressed);
    const right = head.slice(compressed + 2);
    const leftGroups = left === '' ? [] : left.split(':');
    const rightGroups = right === '' ? [] : right.split(':');
    const missing = 8 - extra.length - leftGroups.length - rightGroups.length;
    groups = [
      ...leftGroups,
      ...Array<string>(missing).fill('0'),
      ...rightGroups,
    ];
  }
  return [...groups.map(group => BigInt(parseInt(group, 16))), ...extra].reduce(
    (value, group) => (value << 16n) | group,
    0n,
  );
}

/**
 * Parses an IP address literal: IPv4 dotted quad or IPv6, optionally in
 * brackets (`[::1]`, as in URLs) and with a zone (`fe80::1%eth0`, ignored).
 * Returns `undefined` for anything else, including hostnames.
 */
export function parseIpAddress(input: string): IpAddress | undefined {
  let text = stripBrackets(input.trim().toLowerCase());
  const zone = text.indexOf('%');
  if (zone >= 0) {
    text = text.slice(0, zone);
  }
  const family = isIP(text);
  if (family === 4) {
    return { version: 4, value: parseIpv4(text), text };
  }
  if (family !== 6) {
    return undefined;
  }
  const value = parseIpv6(text);
  if (value >> 32n === 0xffffn) {
    const v4 = value & 0xffffffffn;
    return {
      version: 4,
      value: v4,
      text: [24n, 16n, 8n, 0n].map(shift => (v4 >> shift) & 0xffn).join('.'),
    };
  }
  return { version: 6, value, text };
}

/**
 * Parses `address/prefix` (CIDR) or a single address (a range of one).
 * Host bits below the prefix are ignored (`10.1.2.3/8` is `10.0.0.0/8`); an
 * IPv4-mapped IPv6 range with a prefix of at least 96 becomes the IPv4 range.
 * Returns a message saying what is wrong, or the range.
 */
export function parseIpRange(input: string): IpRange | string {
  const slash = input.indexOf('/');
  const addressText = slash < 0 ? input : input.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (!address) {
    return `"${addressText}" is not an IP address`;
  }
  const isMapped =
    address.version === 4 && isIP(stripBrackets(addressText.trim())) === 6;
  let prefix: number;
  if (slash < 0) {
    prefix = bitsOf(address.version);
  } else {
    const prefixText = input.slice(slash + 1);
    const max = isMapped ? 128 : bitsOf(address.version);
    prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!(prefix >= 0 && prefix <= max)) {
      return `the prefix length must be 0 to ${max}`;
    }
    if (isMapped) {
      if (prefix < 96) {
        return 'an IPv4-mapped range (::ffff:a.b.c.d) needs a prefix of at least 96';
      }
      prefix -= 96;
    }
  }
  const bits = BigInt(bitsOf(address.version) - prefix);
  return {
    version: address.version,
    network: (address.value >> bits) << bits,
    prefix,
  };
}

/** Whether `address` is inside `range`. */
export function isInRange(address: IpAddress, range: IpRange): boolean {
  if (address.version !== range.version) {
    return false;
  }
  const bits = BigInt(bitsOf(range.version) - range.prefix);
  return address.value >> bits === range.network >> bits;
}

/**
 * Orders IP address texts: IPv4 before IPv6, then numerically; anything
 * that is not an address falls back to text order.
 */
export function compareIpAddresses(a: string, b: string): number {
  const pa = parseIpAddress(a);
  const pb = parseIpAddress(b);
  if (!pa || !pb) {
    return a < b ? -1 : Number(a > b);
  }
  if (pa.version !== pb.version) {
    return pa.version - pb.version;
  }
  return pa.value < pb.value ? -1 : Number(pa.value > pb.value);
}
