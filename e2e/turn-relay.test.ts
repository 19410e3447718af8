/**
 * NAT traversal (R7.1): two officials meet with every browser forced to send its media through the project's own
 * coturn only (`iceTransportPolicy: relay`, TURN_FORCE_RELAY): each decodes the other's video, every PeerConnection's
 * selected path starts at a relay candidate, and after an ICE restart (as when the network changes) the frames keep
 * coming, still relayed. The credentials came from our server, made for each user; the shared secret is not in the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, freePort } from '../server/test/support';
import { inboundStats, knock } from './browser';
import { bookMeeting, participantPage, server, useBrowserSuite } from './harness';

useBrowserSuite({
  env: async () => {
    const relayFrom = 41000 + Math.floor(Math.random() * 150) * 100;
    return {
      TURN_ENABLED: 'true',
      TURN_FORCE_RELAY: 'true',
      // the machine's own address, as a TURN server elsewhere on the network would be reached
      TURN_HOST: hostAddress(),
      TURN_PORT: String(await freePort()),
      TURN_TLS_PORT: String(await freePort()),
      TURN_RELAY_PORTS: `${relayFrom}-${relayFrom + 99}`,
    };
  },
});

/** The first IPv4 address of this machine that is not loopback. */
function hostAddress(): string {
  const found = Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  if (!found) throw new Error('this test needs a network interface besides loopback');
  return found.address;
}

type Diagnostics = { selectedCandidateTypes(): Promise<Record<string, string>>; iceRestarts(): number; restartIce(): void; iceUfrags(): Record<string, { local: string; remote: string }> };
const iceUfrags = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: Diagnostics }).__giaoban.iceUfrags());
const candidateTypes = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: Diagnostics }).__giaoban.selectedCandidateTypes());
const iceRestarts = (page: Page) => page.evaluate(() => (window as unknown as { __giaoban: Diagnostics }).__giaoban.iceRestarts());

async function framesFromOthers(page: Page): Promise<number> {
  const stats = await inboundStats(page);
  return stats.filter((s) => s.participantId && s.kind === 'video').reduce((n, s) => n + (s.framesDecoded ?? 0), 0);
}

describe('TURN relay (R7.1)', () => {
  it('R7.1 two participants forced to relay only meet through coturn, video decoded both ways, and survive an ICE restart', async () => {
    const people = [await createUser(server, 'Hoàng Văn Chuyển', 'UBND tỉnh Lai Châu'), await createUser(server, 'Đỗ Thị Tiếp', 'UBND huyện Mường Tè')];
    const slug = 'giao-ban-qua-turn';
    await bookMeeting({
      title: 'Giao ban qua máy chủ chuyển tiếp',
      startsAt: '2026-12-01T08:00:00+07:00',
      endsAt: '2026-12-01T11:00:00+07:00',
      chairId: people[0]!.id,
      notStateSecret: true,
      emergency: true,
      inviteeIds: [people[1]!.id],
      slug,
      password: 'hop-qua-turn',
    });

    const pages: Page[] = [];
    for (const person of people) {
      const { page } = await participantPage();
      await knock(page, slug, person, 'hop-qua-turn');
      await page.getByTestId('meeting-room').waitFor();
      pages.push(page);
    }

    for (const page of pages) {
      await expect.poll(() => framesFromOthers(page), { timeout: 30_000, interval: 500 }).toBeGreaterThan(10);
      // both PeerConnections go through coturn: the local side of the selected pair is a relay candidate (its
      // allocation made over UDP or TCP, whichever ICE chose)
      await expect.poll(() => candidateTypes(page), { timeout: 10_000 }).toEqual({ publisher: expect.stringMatching(/^relay:/), subscriber: expect.stringMatching(/^relay:/) });
      // the page holds credentials made for this user, never the shared secret
      const html = await page.content();
      expect(html).not.toContain(fs.readFileSync(path.join(server.dataDir, 'turn', 'secret'), 'utf8').trim());
    }

    // the network changes: ICE restarts on every PeerConnection of the first participant, without leaving
    const before = await Promise.all(pages.map(framesFromOthers));
    const ufragsBefore = await iceUfrags(pages[0]!);
    await pages[0]!.evaluate(() => (window as unknown as { __giaoban: Diagnostics }).__giaoban.restartIce());
    await expect.poll(() => iceRestarts(pages[0]!), { timeout: 10_000 }).toBe(2);
    // both sides of both PeerConnections took new ICE credentials (the restart was negotiated with Janus, not dropped)
    await expect
      .poll(async () => {
        const now = await iceUfrags(pages[0]!);
        return (['publisher', 'subscriber'] as const).flatMap((peer) => {
          const before = ufragsBefore[peer]!;
          const after = now[peer] ?? { local: '', remote: '' };
          return [after.local !== before.local && after.local !== '', after.remote !== before.remote && after.remote !== ''];
        });
      }, { timeout: 15_000 })
      .toEqual([true, true, true, true]);
    for (const [i, page] of pages.entries()) {
      await expect.poll(() => framesFromOthers(page), { timeout: 30_000, interval: 500 }).toBeGreaterThan(before[i]! + 30);
      await expect.poll(() => candidateTypes(page), { timeout: 10_000 }).toEqual({ publisher: expect.stringMatching(/^relay:/), subscriber: expect.stringMatching(/^relay:/) });
    }
    expect(await pages[0]!.getByTestId('meeting-room').isVisible()).toBe(true);
  });
});
