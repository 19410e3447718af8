/**
 * The technical check before a meeting and the organiser's readiness board (R2.6, M8.2, D15.1, D16.1, D19.3).
 * The check's figures are measured by the browser in a test room on the media server (its own feed looped back);
 * whether a check passed is decided by the server alone (`server/readiness/readiness-rules.ts`).
 */
import { z } from 'zod';
import { sessionDescriptionText } from '../sdp';
import type { PersonRef } from './organisation';

/** Each threshold a check can fail: camera and microphone work, bitrate, packet loss, round-trip time. */
export const readinessCriteria = ['camera', 'microphone', 'bitrate', 'loss', 'rtt'] as const;
export type ReadinessCriterion = (typeof readinessCriteria)[number];

const figure = (max: number) => z.number().finite().min(0).max(max);

// POST /api/meetings/:id/technical-checks → 201 { check: TechnicalCheckView }
//   | forbidden (not the technician or room account of an invited endpoint, nor the chair's technician)
//   | technical_check_endpoint_required (the technician operates several invited endpoints: name one)
//   | technical_check_closed (before 24 h ahead of the system-check time, after the end, or cancelled)
//   | meeting_not_found | validation_failed
// `passed` is not accepted: the server computes it from the figures.
export const technicalCheckBody = z.strictObject({
  /** The invited endpoint checked; omitted for the technician's only endpoint, the room's own account, or the chair's side. */
  endpointId: z.string().uuid().optional(),
  camera: z.boolean(),
  microphone: z.boolean(),
  bitrateKbps: figure(1_000_000),
  lossPercent: figure(100),
  rttMs: figure(600_000),
  jitterMs: figure(600_000).optional(),
  note: z.string().trim().max(1000).default(''),
});
export type TechnicalCheckBody = z.input<typeof technicalCheckBody>;

export interface TechnicalCheckView {
  id: string;
  meetingId: string;
  /** null: the chair's side (checked by the chair's technician). */
  endpointId: string | null;
  at: string; // ISO 8601, UTC
  by: PersonRef;
  camera: boolean;
  microphone: boolean;
  bitrateKbps: number;
  lossPercent: number;
  rttMs: number;
  jitterMs: number | null;
  note: string;
  passed: boolean;
  /** The criteria not met, in the order of `readinessCriteria`; empty when passed. */
  failing: ReadinessCriterion[];
  /** Whether the check was made inside the meeting's current check window (a postponement can leave it before). */
  inWindow: boolean;
}

/** The thresholds a check is judged by (sent with the board so that the page can show them). */
export interface ReadinessThresholds {
  minBitrateKbps: number;
  maxLossPercent: number;
  maxRttMs: number;
}

export type ReadinessStatus = 'not_checked' | 'passed' | 'failed';

export interface ReadinessTechnician {
  id: string;
  name: string;
  title: string;
  /** The assignment's contact (phone, radio …), else the person's phone. */
  contact: string;
}

export interface ReadinessRow {
  /** null: the chair's side. */
  endpoint: { id: string; name: string; unit: string } | null;
  technicians: ReadinessTechnician[];
  /** The latest check of this side, whether or not inside the current window. */
  latest: TechnicalCheckView | null;
  /** From the latest check made inside the current window; `not_checked` when there is none. */
  status: ReadinessStatus;
}

// GET /api/meetings/:id/readiness → ReadinessBoard | forbidden | meeting_not_found
// For those who may manage the meeting, its organiser (creator), the chair and the chair's technician.
export interface ReadinessBoard {
  meeting: { id: string; title: string; startsAt: string; endsAt: string; status: string; checkAt: string };
  window: { opensAt: string; closesAt: string; open: boolean };
  thresholds: ReadinessThresholds;
  rows: ReadinessRow[];
  summary: { total: number; passed: number; failed: number; notChecked: number };
}

// GET /api/technical-checks/mine → { checks: MyTechnicalCheck[] }: the meetings whose check window is open now and
// where the signed-in person may run a check (technician of an invited endpoint, room account, chair's technician).
export interface MyTechnicalCheck {
  meeting: { id: string; title: string; startsAt: string; checkAt: string };
  endpoint: { id: string; name: string; unit: string } | null;
  status: ReadinessStatus;
}

/*
 * The check's loopback through the media server: a test room of its own (never the meeting's room), where the
 * browser publishes camera and microphone and subscribes to its own feed back. The browser sends its descriptions
 * with every ICE candidate gathered (no trickle); the media server's candidates are in its own.
 *
 * POST   /api/meetings/:id/technical-checks/loopback { endpointId?, offer } → 201 { sessionId, answer }
 *          (same who/when as posting a check) | media_unavailable
 * POST   /api/meetings/:id/technical-checks/loopback/:sessionId/subscribe → { offer } (once the published feed is up)
 *          | technical_check_session_not_found | media_negotiation_failed
 * POST   /api/meetings/:id/technical-checks/loopback/:sessionId/answer { answer } → 204
 * DELETE /api/meetings/:id/technical-checks/loopback/:sessionId → 204 (the test room is destroyed; also after 2 minutes)
 */
const sdpText = sessionDescriptionText;
export const loopbackStartBody = z.strictObject({ endpointId: z.string().uuid().optional(), offer: z.object({ type: z.literal('offer'), sdp: sdpText }) });
export const loopbackAnswerBody = z.strictObject({ answer: z.object({ type: z.literal('answer'), sdp: sdpText }) });
export interface LoopbackStartResponse {
  sessionId: string;
  answer: { type: 'answer'; sdp: string };
}
export interface LoopbackOfferResponse {
  offer: { type: 'offer'; sdp: string };
}

/** What an in-app notice of a failed check carries (kind `technical_check_failed`). */
export interface TechnicalCheckFailedData {
  meetingId: string;
  meetingTitle: string;
  startsAt: string;
  endpointName: string | null;
  byName: string;
  failing: ReadinessCriterion[];
}
