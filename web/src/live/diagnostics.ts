/**
 * `window.__giaoban`: a read-only view for end-to-end tests and for diagnosing a delegate's connection from the
 * browser console.
 */
import type { MeetingStateView } from '../../../shared/protocol';
import type { InboundStat } from './media-session';

export interface GiaobanDiagnostics {
  /** The signaling state: idle | connecting | joined | reconnecting | closed. */
  state(): string;
  /** `inbound-rtp` statistics of the subscriber PeerConnection, with the participant and source (camera/screen) of each stream. */
  inboundStats(): Promise<InboundStat[]>;
  /** The local candidate type (host, srflx, relay:udp|tcp|tls …) of each PeerConnection's selected pair (R7.1). */
  selectedCandidateTypes(): Promise<Partial<Record<'publisher' | 'subscriber' | 'screen', string>>>;
  /** The negotiated ICE usernames of each PeerConnection, local and remote (a restart changes them). */
  iceUfrags(): Partial<Record<'publisher' | 'subscriber' | 'screen', { local: string; remote: string }>>;
  /** ICE restarts made since joining. */
  iceRestarts(): number;
  /** Restart ICE on every PeerConnection, as when the network changes. */
  restartIce(): void;
  /** The last `meeting_state` (floor, queue, lobby, layout, recording, health, our rights), or null. */
  meetingState(): MeetingStateView | null;
  /** Our participant id in the meeting, once joined. */
  participantId(): string | null;
}

declare global {
  interface Window {
    __giaoban?: GiaobanDiagnostics;
  }
}

let source: GiaobanDiagnostics | null = null;

/** Makes `next` the meeting the diagnostics report on; returns the function that withdraws it again. */
export function setDiagnosticsSource(next: GiaobanDiagnostics): () => void {
  source = next;
  return () => {
    if (source === next) source = null;
  };
}

export function installDiagnostics(): void {
  window.__giaoban = {
    state: () => source?.state() ?? 'idle',
    inboundStats: () => source?.inboundStats() ?? Promise.resolve([]),
    selectedCandidateTypes: () => source?.selectedCandidateTypes() ?? Promise.resolve({}),
    iceRestarts: () => source?.iceRestarts() ?? 0,
    iceUfrags: () => source?.iceUfrags() ?? {},
    restartIce: () => source?.restartIce(),
    meetingState: () => source?.meetingState() ?? null,
    participantId: () => source?.participantId() ?? null,
  };
}
