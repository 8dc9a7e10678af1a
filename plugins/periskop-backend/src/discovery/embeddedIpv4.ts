import {
  type IpAddress,
  type IpRange,
  isInRange,
  parseIpRange,
} from './ipAddress';

/**
 * An IPv4 address that an IPv6 address stands for, and the form that
 * embeds it (for the reason a target is refused).
 */
export interface EmbeddedIpv4 {
  address: IpAddress;
  /** e.g. `NAT64`, `IPv4-compatible`. */
  form: string;
}

/**
 * Where an IPv4 address sits inside an IPv6 address of a translation
 * prefix (RFC 6052 section 2.2): the bits of the address, as
 * `[first bit, bit count]` pieces counted from the most significant bit.
 * Bits 64 to 71 (the `u` octet) never carry any.
 */
type Layout = Array<[number, number]>;

interface Embedding {
  range: IpRange;
  form: string;
  layouts: Layout[];
}

function range(cidr: string): IpRange {
  const parsed = parseIpRange(cidr);
  if (typeof parsed === 'string') {
    throw new Error(`Invalid built-in range ${cidr}: ${parsed}`);
  }
  return parsed;
}

const LAST_32_BITS: Layout = [[96, 32]];

// The local-use NAT64 prefix 64:ff9b:1::/48 may be split by the operator
// into longer prefixes (/48 to /96), each placing the IPv4 address
// elsewhere; every placement is a candidate, so none can be used to hide a
// denied address.
const LOCAL_USE_LAYOUTS: Layout[] = [
  [
    [48, 16],
    [72, 16],
  ],
  [
    [56, 8],
    [72, 24],
  ],
  [[72, 32]],
  LAST_32_BITS,
];

const EMBEDDINGS: Embedding[] = [
  // RFC 6052 well-known prefix: a NAT64 gateway connects to the IPv4
  // address in the last 32 bits.
  { range: range('64:ff9b::/96'), form: 'NAT64', layouts: [LAST_32_BITS] },
  // RFC 8215 local-use NAT64 prefix.
  {
    range: range('64:ff9b:1::/48'),
    form: 'NAT64 local-use',
    layouts: LOCAL_USE_LAYOUTS,
  },
  // RFC 2765 IPv4-translated addresses (SIIT).
  {
    range: range('::ffff:0:0:0/96'),
    form: 'IPv4-translated',
    layouts: [LAST_32_BITS],
  },
  // Deprecated IPv4-compatible addresses (`::a.b.c.d`, RFC 4291 2.5.5.1);
  // `::` and `::1` are excluded below.
  { range: range('::/96'), form: 'IPv4-compatible', layouts: [LAST_32_BITS] },
];

function extract(value: bigint, layout: Layout): bigint {
  return layout.reduce((v4, [first, count]) => {
    const shift = BigInt(128 - first - count);
    const piece = (value >> shift) & ((1n << BigInt(count)) - 1n);
    return (v4 << BigInt(count)) | piece;
  }, 0n);
}

function ipv4(value: bigint): IpAddress {
  return {
    version: 4,
    value,
    text: [24n, 16n, 8n, 0n].map(shift => (value >> shift) & 0xffn).join('.'),
  };
}

/**
 * The IPv4 addresses an IPv6 address may reach through NAT64
 * (`64:ff9b::a9fe:a9fe` is 169.254.169.254), SIIT or the old
 * IPv4-compatible form, so that the outbound policy can deny them as it
 * denies the IPv4 address itself. IPv4-mapped addresses
 * (`::ffff:a.b.c.d`) are IPv4 already (see `parseIpAddress`). Empty for
 * IPv4 addresses and every other IPv6 address. Pure.
 */
export function embeddedIpv4Addresses(ip: IpAddress): EmbeddedIpv4[] {
  if (ip.version !== 6 || ip.value <= 1n) {
    // `::` (unspecified) and `::1` (loopback) are not IPv4-compatible.
    return [];
  }
  const embedding = EMBEDDINGS.find(e => isInRange(ip, e.range));
  if (!embedding) {
    return [];
  }
  const seen = new Set<bigint>();
  const found: EmbeddedIpv4[] = [];
  for (const layout of embedding.layouts) {
    const value = extract(ip.value, layout);
    if (!seen.has(value)) {
      seen.add(value);
      found.push({ address: ipv4(value), form: embedding.form });
    }
  }
  return found;
}
