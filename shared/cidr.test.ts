import { describe, expect, it } from 'vitest';
import { ipInNetworks, parseCidr, parseIp } from './cidr';

describe('R2.2 / M5.4 address ranges of restricted meetings', () => {
  it('parses IPv4 and IPv6 networks and single addresses', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 104 });
    expect(parseCidr('192.168.1.7')).toMatchObject({ family: 4, prefix: 128 });
    expect(parseCidr('2001:db8::/32')).toMatchObject({ family: 6, prefix: 32 });
    expect(parseCidr('::1')).toMatchObject({ family: 6, prefix: 128 });
    expect(parseCidr('0.0.0.0/0')).toMatchObject({ prefix: 96 });
    expect(parseCidr('::/0')).toMatchObject({ prefix: 0 });
    expect(parseCidr(' 172.16.0.0/12 ')).not.toBeNull();
  });

  it('refuses what is not a network', () => {
    for (const bad of ['', '10.0.0.0/33', '10.0.0/8', '256.1.1.1', '010.0.0.1', '10.0.0.0/', '10.0.0.0/08', '2001:db8::/129', '1::2::3', 'gggg::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'localhost', '10.0.0.0/8/8', '1.2.3.4::'])
      expect(parseCidr(bad), bad).toBeNull();
  });

  it('matches addresses inside, and not outside, the allowed networks', () => {
    expect(ipInNetworks('10.20.30.40', ['10.0.0.0/8'])).toBe(true);
    expect(ipInNetworks('11.0.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(ipInNetworks('127.0.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(ipInNetworks('127.0.0.1', ['10.0.0.0/8', '127.0.0.0/8'])).toBe(true);
    expect(ipInNetworks('10.1.2.3', ['10.1.2.3'])).toBe(true);
    expect(ipInNetworks('10.1.2.4', ['10.1.2.3'])).toBe(false);
    expect(ipInNetworks('10.1.2.4', ['10.1.2.3/31'])).toBe(false);
    expect(ipInNetworks('10.1.2.2', ['10.1.2.3/31'])).toBe(true);
    expect(ipInNetworks('2001:db8:1::5', ['2001:db8::/32'])).toBe(true);
    expect(ipInNetworks('2001:db9::5', ['2001:db8::/32'])).toBe(false);
    expect(ipInNetworks('::1', ['127.0.0.0/8'])).toBe(false);
    expect(ipInNetworks('anything', ['0.0.0.0/0'])).toBe(false);
    expect(ipInNetworks('8.8.8.8', ['0.0.0.0/0'])).toBe(true);
    expect(ipInNetworks('2001:db8::1', ['0.0.0.0/0'])).toBe(false);
    expect(ipInNetworks('10.0.0.1', ['not a network'])).toBe(false);
    expect(ipInNetworks('10.0.0.1', [])).toBe(false);
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 address, both ways', () => {
    expect(parseIp('::ffff:1.2.3.4')).toEqual(parseIp('1.2.3.4') && { value: parseIp('1.2.3.4')!.value, family: 6 });
    expect(ipInNetworks('::ffff:127.0.0.1', ['127.0.0.0/8'])).toBe(true);
    expect(ipInNetworks('::ffff:7f00:1', ['127.0.0.0/8'])).toBe(true);
    expect(ipInNetworks('::ffff:10.0.0.1', ['127.0.0.0/8'])).toBe(false);
    expect(ipInNetworks('127.0.0.1', ['::ffff:127.0.0.0/104'])).toBe(true);
    expect(ipInNetworks('1.2.3.4', ['::ffff:1.2.3.4'])).toBe(true);
  });
});
