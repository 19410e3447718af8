/**
 * NAT traversal (R7.1): two participants in a network namespace of their own ("a district office") reach the meeting
 * only through a second namespace that masquerades them (nftables NAT, "the district's router"), as behind a home or
 * office router; they meet, each decoding the other's video, and the router's NAT counter shows their media crossed
 * it. Then the router lets no UDP out at all: they meet again through the project's coturn over TCP; then nothing
 * but TCP to the web server's port and coturn's TLS port (a network that allows only TLS): through TURN over TLS.
 * The page and TURN use the server's self-signed certificate, which Chromium is told to accept
 * (`--ignore-certificate-errors`, as a user who accepted it). Namespace-only addresses (100.64.0.0/10 between router and server, 192.168.x between office and router), removed
 * at the end. Needs root, `ip` and `nft` (Debian iproute2, nftables): otherwise the test is skipped, saying why.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, freePort, startTestServer, type TestServer } from '../server/test/support';
import { CHROMIUM, CHROMIUM_ARGS, inboundStats, knock, newParticipantPage } from './browser';

const which = (bin: string) => ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].some((dir) => fs.existsSync(path.join(dir, bin)));
const why = process.getuid?.() !== 0 ? 'needs root (ip netns)' : !which('ip') ? 'needs iproute2' : !which('nft') ? 'needs nftables' : null;
if (why) console.warn(`nat-namespaces: skipped, ${why}`);

const id = randomBytes(2).toString('hex');
const n = 1 + (parseInt(id, 16) % 250);
const ns = { router: `gbrouter-${id}`, office: `gboffice-${id}` };
const net = { host: `100.64.${n}.1`, routerOut: `100.64.${n}.2`, routerIn: `192.168.${n}.1`, office: `192.168.${n}.2` };
const sh = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (name: string, ...args: string[]) => sh('ip', 'netns', 'exec', name, ...args);

function buildNetwork(): void {
  sh('ip', 'netns', 'add', ns.router);
  sh('ip', 'netns', 'add', ns.office);
  // server ⟷ router
  sh('ip', 'link', 'add', `gbh${id}`, 'type', 'veth', 'peer', 'name', `gbro${id}`);
  sh('ip', 'link', 'set', `gbro${id}`, 'netns', ns.router);
  sh('ip', 'addr', 'add', `${net.host}/24`, 'dev', `gbh${id}`);
  sh('ip', 'link', 'set', `gbh${id}`, 'up');
  inNs(ns.router, 'ip', 'addr', 'add', `${net.routerOut}/24`, 'dev', `gbro${id}`);
  inNs(ns.router, 'ip', 'link', 'set', `gbro${id}`, 'up');
  // router ⟷ office
  inNs(ns.router, 'ip', 'link', 'add', `gbri${id}`, 'type', 'veth', 'peer', 'name', `gbo${id}`);
  inNs(ns.router, 'ip', 'link', 'set', `gbo${id}`, 'netns', ns.office);
  inNs(ns.router, 'ip', 'addr', 'add', `${net.routerIn}/24`, 'dev', `gbri${id}`);
  inNs(ns.router, 'ip', 'link', 'set', `gbri${id}`, 'up');
  inNs(ns.router, 'ip', 'link', 'set', 'lo', 'up');
  inNs(ns.office, 'ip', 'addr', 'add', `${net.office}/24`, 'dev', `gbo${id}`);
  inNs(ns.office, 'ip', 'link', 'set', `gbo${id}`, 'up');
  inNs(ns.office, 'ip', 'link', 'set', 'lo', 'up');
  inNs(ns.office, 'ip', 'route', 'add', 'default', 'via', net.routerIn);
  // the router forwards and masquerades the office behind its one outside address; the office is not reachable
  // from outside except by the mappings its own packets opened
  inNs(ns.router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
  inNs(ns.router, 'nft', 'add', 'table', 'ip', 'gbnat');
  inNs(ns.router, 'nft', 'add chain ip gbnat post { type nat hook postrouting priority 100 ; }');
  inNs(ns.router, 'nft', `add rule ip gbnat post oifname "gbro${id}" meta l4proto udp counter masquerade`);
  inNs(ns.router, 'nft', `add rule ip gbnat post oifname "gbro${id}" counter masquerade`);
  inNs(ns.router, 'nft', 'add chain ip gbnat forwarded { type filter hook forward priority 0 ; policy drop ; }');
  inNs(ns.router, 'nft', `add rule ip gbnat forwarded iifname "gbri${id}" meta l4proto udp counter accept`);
  inNs(ns.router, 'nft', `add rule ip gbnat forwarded iifname "gbri${id}" accept`);
  inNs(ns.router, 'nft', 'add rule ip gbnat forwarded ct state established,related accept');
}

function removeNetwork(): void {
  for (const name of [ns.office, ns.router]) {
    try {
      sh('ip', 'netns', 'del', name);
    } catch {
      // not made
    }
  }
  try {
    sh('ip', 'link', 'del', `gbh${id}`);
  } catch {
    // gone with the router's namespace
  }
}

/**
 * UDP flows the router masqueraded (the NAT chain sees the first packet of each) and UDP packets it forwarded from
 * the office.
 */
function natUdp(): { flows: number; packets: number } {
  const count = (chain: string) => Number(/l4proto udp counter packets (\d+)/.exec(inNs(ns.router, 'nft', 'list', 'chain', 'ip', 'gbnat', chain))?.[1] ?? 0);
  return { flows: count('post'), packets: count('forwarded') };
}

let server: TestServer;
let browser: Browser;
let wrapper: string;
let turnTlsPort: number;

describe.skipIf(why !== null)('participants behind a NAT (R7.1)', () => {
  beforeAll(async () => {
    buildNetwork();
    // Janus lists the host's addresses when it starts: the veth exists before the server does
    const relayFrom = 42000 + (n % 150) * 100;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the tests' own client accepts the self-signed certificate
    server = await startTestServer({
      SERVE_WEB: 'true',
      HOST: net.host,
      // TLS for the page and for TURN over TLS (coturn serves the server's certificate)
      HTTPS: 'self-signed',
      // TURN beside the server, for the office that may not send UDP
      TURN_ENABLED: 'true',
      TURN_HOST: net.host,
      TURN_PORT: String(await freePort()),
      TURN_TLS_PORT: String((turnTlsPort = await freePort())),
      TURN_RELAY_PORTS: `${relayFrom}-${relayFrom + 99}`,
    });
    // Chromium runs inside the office namespace; Playwright speaks to it over its pipe, which crosses namespaces
    wrapper = path.join(os.tmpdir(), `gb-chromium-${id}.sh`);
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns.office} ${CHROMIUM} "$@"\n`, { mode: 0o700 });
    browser = await chromium.launch({
      executablePath: wrapper,
      // the self-signed certificate, as a user who accepted it
      args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
      headless: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (wrapper) fs.rmSync(wrapper, { force: true });
    removeNetwork();
  });

  type Diagnostics = { selectedCandidateTypes(): Promise<Record<string, string>> };
  const candidateTypes = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: Diagnostics }).__giaoban.selectedCandidateTypes());
  const frames = async (page: Page) => (await inboundStats(page)).filter((s) => s.participantId && s.kind === 'video').reduce((sum, s) => sum + (s.framesDecoded ?? 0), 0);

  async function meet(slug: string, people: { id: string; email: string; password: string }[], password: string): Promise<Page[]> {
    const booked = await server.operator.post('/api/meetings', {
      title: 'Giao ban sau bộ định tuyến',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:00:00+07:00',
      chairId: people[0]!.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [people[1]!.id],
      slug,
      password,
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const pages: Page[] = [];
    for (const person of people) {
      const { page } = await newParticipantPage(browser, server.url);
      await knock(page, slug, person, password);
      await page.getByTestId('meeting-room').waitFor();
      pages.push(page);
    }
    for (const page of pages) await expect.poll(() => frames(page), { timeout: 40_000, interval: 500 }).toBeGreaterThan(10);
    return pages;
  }

  it('R7.1 two participants behind a masquerading NAT meet, video decoded both ways', async () => {
    // the office cannot reach the server without the router's translation: its address is not the server's network
    expect(inNs(ns.office, 'ip', '-4', 'addr', 'show')).not.toContain(`100.64.${n}.`);
    const people = [await createUser(server, 'Vi Văn Huyện', 'UBND huyện Sìn Hồ'), await createUser(server, 'Lò Thị Xã', 'UBND xã Pa Tần')];
    const pages = await meet(`giao-ban-sau-nat-${id}`, people, 'hop-sau-nat');
    // straight through the NAT, not relayed: the office's own address is the local side of the path
    for (const page of pages) expect(Object.values(await candidateTypes(page)).every((t) => !t.startsWith('relay'))).toBe(true);
    // the media crossed the router's NAT: UDP packets masqueraded
    // (each participant's camera and received streams: a flow each at least, hundreds of packets)
    const crossed = natUdp();
    expect(crossed.flows).toBeGreaterThanOrEqual(4);
    expect(crossed.packets).toBeGreaterThan(200);
    for (const page of pages) await page.context().close();
  });

  it('R7.1 an office that may send no UDP at all meets through TURN over TCP', async () => {
    inNs(ns.router, 'nft', `insert rule ip gbnat forwarded iifname "gbri${id}" meta l4proto udp counter drop`);
    const people = [await createUser(server, 'Sùng Văn Tường', 'UBND huyện Phong Thổ'), await createUser(server, 'Giàng Thị Lửa', 'UBND xã Dào San')];
    const pages = await meet(`giao-ban-chi-tcp-${id}`, people, 'hop-chi-tcp');
    for (const page of pages) await expect.poll(() => candidateTypes(page), { timeout: 10_000 }).toEqual({ publisher: 'relay:tcp', subscriber: 'relay:tcp' });
    // the router really dropped the office's UDP
    expect(Number(/udp counter packets (\d+) bytes \d+ drop/.exec(inNs(ns.router, 'nft', 'list', 'chain', 'ip', 'gbnat', 'forwarded'))?.[1] ?? 0)).toBeGreaterThan(0);
    for (const page of pages) await page.context().close();
  });

  it('R7.1 an office that may reach nothing but TLS on one port meets through TURN over TLS', async () => {
    inNs(ns.router, 'nft', `insert rule ip gbnat forwarded iifname "gbri${id}" tcp dport != ${turnTlsPort} tcp dport != ${new URL(server.url).port} counter drop`);
    const people = [await createUser(server, 'Thào Văn Pả', 'UBND huyện Tam Đường'), await createUser(server, 'Vàng Thị Mỷ', 'UBND xã Bản Giang')];
    const pages = await meet(`giao-ban-chi-tls-${id}`, people, 'hop-chi-tls');
    for (const page of pages) await expect.poll(() => candidateTypes(page), { timeout: 10_000 }).toEqual({ publisher: 'relay:tls', subscriber: 'relay:tls' });
    for (const page of pages) await page.context().close();
  });
});
