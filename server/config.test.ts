import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('runs on embedded defaults with no variables set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, HTTPS: 'off', JANUS_RTP_PORTS: [20000, 20999] });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('a bad value stops the start with a message naming each variable', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', JANUS_RTP_PORTS: '30000-20000', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).toContain('PORT');
      expect((err as Error).message).toContain('JANUS_RTP_PORTS');
      expect((err as Error).message).toContain('LOG_LEVEL');
    }
  });

  it('R7.3 the media capacity in endpoints defaults to the measured 14 and must be a positive whole number', () => {
    expect(loadConfig({}).MEDIA_CAPACITY_ENDPOINTS).toBe(14); // npm run bench:capacity on a 2-core machine (README)
    expect(loadConfig({ MEDIA_CAPACITY_ENDPOINTS: '120' }).MEDIA_CAPACITY_ENDPOINTS).toBe(120);
    expect(() => loadConfig({ MEDIA_CAPACITY_ENDPOINTS: '0' })).toThrow(/MEDIA_CAPACITY_ENDPOINTS/);
    expect(() => loadConfig({ MEDIA_CAPACITY_ENDPOINTS: 'many' })).toThrow(/MEDIA_CAPACITY_ENDPOINTS/);
  });

  it('an external Janus needs its admin key; HTTPS from files needs both files', () => {
    expect(() => loadConfig({ JANUS_URL: 'ws://10.0.0.5:8188' })).toThrow(/JANUS_ADMIN_KEY/);
    expect(() => loadConfig({ HTTPS: 'files', TLS_KEY_FILE: '/k' })).toThrow(/TLS_CERT_FILE/);
  });

  it('R7.2 instances joined by a bus share one PostgreSQL and one secrets key', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(() => loadConfig({ BUS_URL: 'nats://127.0.0.1:4222', SECRETS_KEY: key })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ BUS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://x@db/giaoban' })).toThrow(/SECRETS_KEY/);
    expect(loadConfig({ BUS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgres://x@db/giaoban', SECRETS_KEY: key }).BUS_URL).toBe('nats://127.0.0.1:4222');
  });
  it('R7.1 no TURN and no NAT mapping by default; an external TURN needs its secret; relaying only needs a TURN server', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ TURN_ENABLED: false, TURN_URLS: [], TURN_FORCE_RELAY: false, JANUS_NAT_1_1_MAPPING: [], JANUS_KEEP_PRIVATE_HOST: false });
    expect(config.JANUS_STUN_SERVER).toBeUndefined();
    expect(() => loadConfig({ TURN_URLS: 'turn:turn.example.vn:3478' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ TURN_FORCE_RELAY: 'true' })).toThrow(/TURN_FORCE_RELAY/);
    expect(() => loadConfig({ TURN_URLS: 'http://x', TURN_SECRET: 'a-secret-of-enough-length' })).toThrow(/TURN_URLS/);
    expect(() => loadConfig({ TURN_ENABLED: 'true', TURN_PORT: '3478', TURN_TLS_PORT: '3478' })).toThrow(/TURN_TLS_PORT/);
    expect(() => loadConfig({ JANUS_NAT_1_1_MAPPING: 'not-an-address' })).toThrow(/JANUS_NAT_1_1_MAPPING/);
    expect(() => loadConfig({ JANUS_STUN_SERVER: 'stun.example.vn' })).toThrow(/JANUS_STUN_SERVER/);
    const external = loadConfig({ TURN_URLS: 'turn:turn.example.vn:3478?transport=udp, turns:turn.example.vn:443?transport=tcp', TURN_SECRET: 'a-secret-of-enough-length' });
    expect(external.TURN_URLS).toEqual(['turn:turn.example.vn:3478?transport=udp', 'turns:turn.example.vn:443?transport=tcp']);
    expect(loadConfig({ TURN_ENABLED: 'true', TURN_TLS_PORT: '443', JANUS_NAT_1_1_MAPPING: '203.0.113.10', JANUS_STUN_SERVER: 'turn.example.vn:3478' })).toMatchObject({
      TURN_TLS_PORT: 443,
      JANUS_NAT_1_1_MAPPING: ['203.0.113.10'],
      JANUS_STUN_SERVER: 'turn.example.vn:3478',
    });
  });
});
