import { describe, expect, it } from 'vitest';
import { generateJanusConfig, JANUS_CONFIG_FILES, type JanusConfigOptions } from './janus-config';

/** What the Debian package installs (names only; versioned .so.N links included, as readdir returns them). */
const debianModules = {
  plugins: ['audiobridge', 'duktape', 'echotest', 'lua', 'nosip', 'recordplay', 'sip', 'streaming', 'textroom', 'videocall', 'videoroom', 'voicemail'].flatMap(
    (n) => [`libjanus_${n}.so`, `libjanus_${n}.so.1`, `libjanus_${n}.so.1.1.2`],
  ),
  transports: ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq', 'websockets'].flatMap((n) => [`libjanus_${n}.so`, `libjanus_${n}.so.1`]),
  events: ['gelfevh', 'mqttevh', 'nanomsgevh', 'rabbitmqevh', 'sampleevh', 'wsevh'].map((n) => `libjanus_${n}.so`),
  loggers: ['libjanus_jsonlog.so', 'libjanus_jsonlog.so.1'],
};

const secrets = {
  apiSecret: 'api-secret-AAAAAAAAAAAAAAAAAAAAAAAA',
  adminSecret: 'admin-secret-BBBBBBBBBBBBBBBBBBBBBB',
  adminKey: 'admin-key-CCCCCCCCCCCCCCCCCCCCCCCCC',
};

const options: JanusConfigOptions = {
  configsFolder: '/srv/giaoban/data/janus/etc',
  presentModules: debianModules,
  ...secrets,
  wsPort: 8188,
  httpPort: 8088,
  adminWsPort: 7188,
  adminHttpPort: 7088,
  rtpPortRange: [20000, 20999],
};

const files = generateJanusConfig(options);
const core = files[JANUS_CONFIG_FILES.core]!;
const ws = files[JANUS_CONFIG_FILES.websockets]!;
const http = files[JANUS_CONFIG_FILES.http]!;
const videoroom = files[JANUS_CONFIG_FILES.videoroom]!;

/** Body of a top-level `name: { … }` section (our generated files never nest braces). */
function section(text: string, name: string): string {
  const match = new RegExp(`^${name}: \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(text);
  if (!match) throw new Error(`no section ${name}`);
  return match[1]!;
}

/** Value of `key = value` in a section body, quotes removed. */
function setting(body: string, key: string): string | undefined {
  const match = new RegExp(`^\\s*${key} = (.*)$`, 'm').exec(body);
  return match?.[1]?.replace(/^"(.*)"$/, '$1');
}

function disabled(name: string): string[] {
  return (setting(section(core, name), 'disable') ?? '').split(',').filter(Boolean);
}

describe('generateJanusConfig', () => {
  it('writes exactly the core, websockets, http and videoroom files', () => {
    expect(Object.keys(files).sort()).toEqual(
      ['janus.jcfg', 'janus.plugin.videoroom.jcfg', 'janus.transport.http.jcfg', 'janus.transport.websockets.jcfg'],
    );
  });

  it('disables every plugin except the videoroom, naming only loadable .so files', () => {
    const list = disabled('plugins');
    expect(list).not.toContain('libjanus_videoroom.so');
    expect(list).toHaveLength(11);
    for (const name of debianModules.plugins.filter((f) => f.endsWith('.so') && f !== 'libjanus_videoroom.so')) {
      expect(list).toContain(name);
    }
    expect(list.every((f) => f.endsWith('.so'))).toBe(true);
  });

  it('disables every transport except websockets and http, and every event handler and logger', () => {
    expect(disabled('transports').sort()).toEqual(['libjanus_mqtt.so', 'libjanus_nanomsg.so', 'libjanus_pfunix.so', 'libjanus_rabbitmq.so']);
    expect(setting(section(core, 'events'), 'broadcast')).toBe('false');
    expect(disabled('events')).toHaveLength(6);
    expect(disabled('loggers')).toEqual(['libjanus_jsonlog.so']);
  });

  it('disables a plugin that appears in the folder later (the list is not hard-coded)', () => {
    const more = generateJanusConfig({ ...options, presentModules: { ...debianModules, plugins: ['libjanus_videoroom.so', 'libjanus_new.so'] } });
    expect(setting(section(more[JANUS_CONFIG_FILES.core]!, 'plugins'), 'disable')).toBe('libjanus_new.so');
  });

  it('points the core at the Debian module folders and sets the general options', () => {
    const general = section(core, 'general');
    expect(setting(general, 'configs_folder')).toBe('/srv/giaoban/data/janus/etc');
    expect(setting(general, 'plugins_folder')).toBe('/usr/lib/x86_64-linux-gnu/janus/plugins');
    expect(setting(general, 'transports_folder')).toBe('/usr/lib/x86_64-linux-gnu/janus/transports');
    expect(setting(general, 'events_folder')).toBe('/usr/lib/x86_64-linux-gnu/janus/events');
    expect(setting(general, 'loggers_folder')).toBe('/usr/lib/x86_64-linux-gnu/janus/loggers');
    expect(setting(general, 'server_name')).toBe('giaoban');
    expect(setting(general, 'session_timeout')).toBe('60');
    expect(setting(general, 'debug_level')).toBe('4');
    expect(setting(general, 'log_to_stdout')).toBe('true');
    expect(setting(section(core, 'media'), 'rtp_port_range')).toBe('20000-20999');
    const nat = section(core, 'nat');
    expect(setting(nat, 'ice_lite')).toBe('true');
    expect(setting(nat, 'ignore_mdns')).toBe('true');
    expect(setting(nat, 'nice_debug')).toBe('false');
    expect(setting(section(generateJanusConfig({ ...options, debugLevel: 2 })['janus.jcfg']!, 'general'), 'debug_level')).toBe('2');
  });

  it('binds the websockets transport to 127.0.0.1 only, without wss', () => {
    const general = section(ws, 'general');
    expect(setting(general, 'ws')).toBe('true');
    expect(setting(general, 'ws_ip')).toBe('127.0.0.1');
    expect(setting(general, 'ws_port')).toBe('8188');
    expect(setting(general, 'wss')).toBe('false');
    expect(setting(general, 'json')).toBe('plain');
    const admin = section(ws, 'admin');
    expect(setting(admin, 'admin_ws')).toBe('true');
    expect(setting(admin, 'admin_ws_ip')).toBe('127.0.0.1');
    expect(setting(admin, 'admin_ws_port')).toBe('7188');
    expect(setting(admin, 'admin_wss')).toBe('false');
    expect(ws).not.toMatch(/_interface|0\.0\.0\.0/);
  });

  it('binds the http transport to 127.0.0.1 only, without https', () => {
    const general = section(http, 'general');
    expect(setting(general, 'http')).toBe('true');
    expect(setting(general, 'ip')).toBe('127.0.0.1');
    expect(setting(general, 'port')).toBe('8088');
    expect(setting(general, 'base_path')).toBe('/janus');
    expect(setting(general, 'https')).toBe('false');
    const admin = section(http, 'admin');
    expect(setting(admin, 'admin_http')).toBe('true');
    expect(setting(admin, 'admin_ip')).toBe('127.0.0.1');
    expect(setting(admin, 'admin_port')).toBe('7088');
    expect(setting(admin, 'admin_base_path')).toBe('/admin');
    expect(setting(admin, 'admin_https')).toBe('false');
  });

  it('has no room sections in the videoroom config, so the demo rooms do not exist', () => {
    expect(videoroom).not.toMatch(/^\s*room-/m);
    expect(videoroom).not.toMatch(/1234|5678|Demo/);
    // The only section is general.
    expect(videoroom.match(/^[\w-]+: \{/gm)).toEqual(['general: {']);
    const general = section(videoroom, 'general');
    expect(setting(general, 'lock_rtp_forward')).toBe('true');
    expect(setting(general, 'string_ids')).toBe('true');
  });

  it('puts each secret where Janus reads it, and nowhere else', () => {
    const general = section(core, 'general');
    expect(setting(general, 'api_secret')).toBe(secrets.apiSecret);
    expect(setting(general, 'admin_secret')).toBe(secrets.adminSecret);
    expect(setting(section(videoroom, 'general'), 'admin_key')).toBe(secrets.adminKey);
    const all = Object.values(files).join('\n');
    for (const value of Object.values(secrets)) expect(all.split(value)).toHaveLength(2);
  });

  it('rejects options that would produce a broken or unsafe config', () => {
    expect(() => generateJanusConfig({ ...options, apiSecret: 'short' })).toThrow();
    expect(() => generateJanusConfig({ ...options, adminKey: 'has"quote-and-is-long-enough' })).toThrow();
    expect(() => generateJanusConfig({ ...options, configsFolder: 'relative/etc' })).toThrow();
    expect(() => generateJanusConfig({ ...options, rtpPortRange: [20999, 20000] })).toThrow();
    expect(() => generateJanusConfig({ ...options, adminWsPort: 8188 })).toThrow();
    expect(() => generateJanusConfig({ ...options, wsPort: 20500 })).toThrow();
    expect(() => generateJanusConfig({ ...options, debugLevel: 8 })).toThrow();
  });

  it('escapes quotes and backslashes in folder paths', () => {
    const odd = generateJanusConfig({ ...options, configsFolder: '/srv/a "b"\\c' })['janus.jcfg']!;
    expect(odd).toContain('configs_folder = "/srv/a \\"b\\"\\\\c"');
  });
  it('the embedded default on one machine: ICE-lite, no public mapping, no STUN (R7.1)', () => {
    const nat = section(core, 'nat');
    expect(setting(nat, 'nat_1_1_mapping')).toBeUndefined();
    expect(setting(nat, 'stun_server')).toBeUndefined();
    expect(setting(nat, 'keep_private_host')).toBeUndefined();
  });

  it('behind a 1:1 NAT: the public address mapped, ICE-lite kept (R7.1)', () => {
    const nat = section(generateJanusConfig({ ...options, nat11Mapping: ['203.0.113.10'], keepPrivateHost: true })['janus.jcfg']!, 'nat');
    expect(setting(nat, 'nat_1_1_mapping')).toBe('203.0.113.10');
    expect(setting(nat, 'keep_private_host')).toBe('true');
    expect(setting(nat, 'ice_lite')).toBe('true');
    expect(setting(nat, 'ignore_mdns')).toBe('true');
  });

  it('behind a NAT found with STUN: full ICE, STUN server and port (R7.1)', () => {
    const nat = section(generateJanusConfig({ ...options, stunServer: 'turn.example.gov.vn:3478', nat11Mapping: ['203.0.113.10', '2001:db8::10'] })['janus.jcfg']!, 'nat');
    expect(setting(nat, 'ice_lite')).toBe('false');
    expect(setting(nat, 'stun_server')).toBe('turn.example.gov.vn');
    expect(setting(nat, 'stun_port')).toBe('3478');
    expect(setting(nat, 'nat_1_1_mapping')).toBe('203.0.113.10,2001:db8::10');
    expect(setting(nat, 'keep_private_host')).toBe('false');
    expect(() => generateJanusConfig({ ...options, nat11Mapping: ['not-an-ip'] })).toThrow();
    expect(() => generateJanusConfig({ ...options, stunServer: 'host:3478"\nice_lite = true' })).toThrow();
  });
});
