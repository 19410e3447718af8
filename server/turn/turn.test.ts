import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateTurnConfig } from './turn-config';
import { turnCredentials, turnPassword, turnUrls } from './turn-credentials';
import { TurnService } from './turn.service';

const SECRET = 'a-shared-secret-of-32-characters';
const NOW = new Date('2026-12-07T01:00:00Z');

describe('TURN REST credentials (R7.1)', () => {
  it('username is <expiry>:<user>, credential base64(HMAC-SHA1(secret, username))', () => {
    const c = turnCredentials(SECRET, 'user-1', 3600, NOW);
    const expiry = NOW.getTime() / 1000 + 3600;
    expect(c.username).toBe(`${expiry}:user-1`);
    expect(c.credential).toBe(createHmac('sha1', SECRET).update(`${expiry}:user-1`).digest('base64'));
    expect(c.credential).toBe(turnPassword(SECRET, c.username));
    expect(c.expiresAt.toISOString()).toBe('2026-12-07T02:00:00.000Z');
    // another user, another time, another secret: another credential
    expect(turnCredentials(SECRET, 'user-2', 3600, NOW).credential).not.toBe(c.credential);
    expect(turnCredentials(`${SECRET}x`, 'user-1', 3600, NOW).credential).not.toBe(c.credential);
    expect(() => turnCredentials(SECRET, 'a:b', 3600, NOW)).toThrow();
  });

  it('URLs: UDP and TCP on the TURN port, TLS when a TLS port is given; IPv6 bracketed', () => {
    expect(turnUrls('turn.example.vn', 3478, 443)).toEqual(['turn:turn.example.vn:3478?transport=udp', 'turn:turn.example.vn:3478?transport=tcp', 'turns:turn.example.vn:443?transport=tcp']);
    expect(turnUrls('2001:db8::1', 3478)).toEqual(['turn:[2001:db8::1]:3478?transport=udp', 'turn:[2001:db8::1]:3478?transport=tcp']);
  });

  it('the service hands out credentials, never the secret; nothing without a TURN server', () => {
    const turn = new TurnService({ urls: turnUrls('127.0.0.1', 3478), secret: () => SECRET, ttlS: 600, forceRelay: true });
    const view = turn.iceServersFor('user-1', NOW);
    expect(view.iceTransportPolicy).toBe('relay');
    expect(view.iceServers[0]!.username).toMatch(/^\d+:user-1$/);
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(view.expiresAt).toBe('2026-12-07T01:10:00.000Z');
    const none = new TurnService({ urls: [], secret: () => undefined, ttlS: 600, forceRelay: false });
    expect(none.iceServersFor('user-1')).toEqual({ iceServers: [], iceTransportPolicy: 'all', expiresAt: null });
  });
});

describe('coturn configuration', () => {
  const base = { secret: SECRET, realm: 'giaoban', port: 3478, relayPorts: [49152, 49999] as [number, number], pidFile: '/d/turn/turnserver.pid', logFile: '/d/turn/turnserver.log', userDb: '/d/turn/turndb' };

  it('shared secret, realm, ports; no TLS without a certificate; no loopback peers unless allowed', () => {
    const conf = generateTurnConfig(base);
    for (const line of ['use-auth-secret', `static-auth-secret=${SECRET}`, 'realm=giaoban', 'listening-port=3478', 'min-port=49152', 'max-port=49999', 'no-tls', 'no-cli', 'no-tcp-relay']) {
      expect(conf.split('\n')).toContain(line);
    }
    expect(conf).not.toContain('allow-loopback-peers');
    expect(conf).not.toMatch(/^lt-cred-mech|^user=/m);
  });

  it('TLS on its port with the server certificate; listening and external addresses', () => {
    const conf = generateTurnConfig({ ...base, tls: { port: 443, certFile: '/d/tls/c.crt', keyFile: '/d/tls/c.key' }, listenIps: ['192.0.2.2'], externalIp: '203.0.113.5/192.0.2.2', allowLoopbackPeers: true });
    const lines = conf.split('\n');
    for (const line of ['tls-listening-port=443', 'cert=/d/tls/c.crt', 'pkey=/d/tls/c.key', 'listening-ip=192.0.2.2', 'external-ip=203.0.113.5/192.0.2.2', 'allow-loopback-peers', 'no-tlsv1']) expect(lines).toContain(line);
    expect(lines).not.toContain('no-tls');
  });

  it('refuses values that would break the file or collide', () => {
    expect(() => generateTurnConfig({ ...base, secret: `${SECRET}\nuser=x:y` })).toThrow();
    expect(() => generateTurnConfig({ ...base, realm: 'a#b' })).toThrow();
    expect(() => generateTurnConfig({ ...base, tls: { port: 3478, certFile: '/c', keyFile: '/k' } })).toThrow();
    expect(() => generateTurnConfig({ ...base, relayPorts: [5000, 4000] })).toThrow();
  });
});
