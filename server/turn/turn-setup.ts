/** Composition of NAT traversal (R7.1) from the configuration: our own coturn, an external one, or none. */
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { turnUrls } from './turn-credentials';
import { TurnSupervisor } from './turn-supervisor';
import { TurnService } from './turn.service';

/** The certificate coturn serves TURN over TLS with: the web server's own (HTTPS=files or self-signed). */
export function turnCertificate(config: Config): { certFile: string; keyFile: string } | undefined {
  if (config.HTTPS === 'files') return { certFile: path.resolve(config.TLS_CERT_FILE!), keyFile: path.resolve(config.TLS_KEY_FILE!) };
  if (config.HTTPS === 'self-signed') {
    const dir = path.join(config.dataDir, 'tls');
    return { certFile: path.join(dir, 'self-signed.crt'), keyFile: path.join(dir, 'self-signed.key') };
  }
  return undefined;
}

/**
 * The machine's first IPv4 address besides loopback: Chromium does not use a TURN server on 127.0.0.1 (tried), so
 * the loopback address is only the last resort.
 */
function firstHostAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  return found?.address ?? '127.0.0.1';
}

export async function startTurn(config: Config, tlsReady: boolean, logger: Logger): Promise<{ turn: TurnService; turnSupervisor?: TurnSupervisor }> {
  const options = { ttlS: config.TURN_CREDENTIAL_TTL_S, forceRelay: config.TURN_FORCE_RELAY };
  if (!config.TURN_ENABLED) {
    const secret = config.TURN_SECRET;
    return { turn: new TurnService({ ...options, urls: config.TURN_URLS, secret: () => secret }) };
  }
  const cert = tlsReady ? turnCertificate(config) : undefined;
  const supervisor = new TurnSupervisor({
    dataDir: config.dataDir,
    secret: config.TURN_SECRET,
    realm: config.TURN_REALM,
    port: config.TURN_PORT,
    ...(cert ? { tls: { port: config.TURN_TLS_PORT, ...cert } } : {}),
    relayPorts: config.TURN_RELAY_PORTS,
    listenIps: config.TURN_LISTEN_IPS,
    ...(config.TURN_EXTERNAL_IP ? { externalIp: config.TURN_EXTERNAL_IP } : {}),
    allowLoopbackPeers: config.TURN_ALLOW_LOOPBACK_PEERS,
    binary: config.TURN_BINARY,
    logger,
  });
  await supervisor.start();
  const host = config.TURN_HOST ?? (config.PUBLIC_URL ? new URL(config.PUBLIC_URL).hostname : firstHostAddress());
  const urls = config.TURN_URLS.length > 0 ? config.TURN_URLS : turnUrls(host, config.TURN_PORT, cert ? config.TURN_TLS_PORT : undefined);
  return { turn: new TurnService({ ...options, urls, secret: () => supervisor.secret }), turnSupervisor: supervisor };
}
