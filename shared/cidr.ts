/**
 * Address ranges (CIDR) of restricted meetings (M5.4, R2.2): `10.0.0.0/8`, `2001:db8::/32`, or a single address.
 * Pure, shared by the server (the entry check) and the web client (the form's validation). Every address is held
 * as 128 bits: an IPv4 address as its IPv4-mapped IPv6 form `::ffff:a.b.c.d`, so a client reaching an IPv6
 * socket from IPv4 (`::ffff:127.0.0.1`) matches `127.0.0.0/8`, and the other way round.
 */

export interface Network {
  /** The network's first address, 128 bits. */
  base: bigint;
  /** Prefix length over 128 bits (an IPv4 `/8` is 104). */
  prefix: number;
  family: 4 | 6;
}

const V4_MAPPED = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    // decimal only, no leading zeros (`010` is octal to some tools)
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || +p > 255) return null;
    value = (value << 8n) | BigInt(+p);
  }
  return value;
}

function parseIpv6(text: string): bigint | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return null;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  // an embedded IPv4 address is only allowed at the very end
  if (halves.length === 2 && halves[0]!.includes('.')) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  } else groups = head;
  if (groups.length !== 8) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** An address as 128 bits (IPv4 mapped), or null when it is not an address. */
export function parseIp(text: string): { value: bigint; family: 4 | 6 } | null {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4 !== null) return { value: V4_MAPPED | v4, family: 4 };
  const v6 = parseIpv6(t);
  return v6 === null ? null : { value: v6, family: 6 };
}

/**
 * `a.b.c.d/n` (0 ≤ n ≤ 32), `x:…:y/n` (0 ≤ n ≤ 128), or one address (a network of one). Bits after the prefix are
 * ignored (`10.1.2.3/8` is `10.0.0.0/8`). Null when the text is not a network.
 */
export function parseCidr(text: string): Network | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const address = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!address) return null;
  const max = address.family === 4 ? 32 : 128;
  let length = max;
  if (slash >= 0) {
    const p = t.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || +p > max) return null;
    length = +p;
  }
  const prefix = address.family === 4 ? 96 + length : length;
  const mask = prefix === 0 ? 0n : (ALL << BigInt(128 - prefix)) & ALL;
  return { base: address.value & mask, prefix, family: address.family };
}

/** Whether `ip` lies in one of `networks` (CIDR texts; an invalid one matches nothing). */
export function ipInNetworks(ip: string, networks: readonly string[]): boolean {
  const address = parseIp(ip);
  if (!address) return false;
  return networks.some((text) => {
    const n = parseCidr(text);
    if (!n) return false;
    const mask = n.prefix === 0 ? 0n : (ALL << BigInt(128 - n.prefix)) & ALL;
    return (address.value & mask) === n.base;
  });
}
