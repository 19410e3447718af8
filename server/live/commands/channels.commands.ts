/** Chat (the meeting's, and the technicians' back-channel, D15.2d), incidents and connection health (R3.10). */
import { randomUUID } from 'node:crypto';
import type { HealthView } from '../../../shared/protocol';
import { AppError } from '../../errors';
import { permissionsOf } from '../meeting-roles';
import type { Commands } from './command';

export const channelCommands: Commands<'chat' | 'report_incident' | 'stats'> = {
  chat: {
    run({ lm, p }, message) {
      if (message.channel === 'technicians' && !permissionsOf(p.role).technicianChat) throw new AppError('meeting_role_forbidden');
      const chat = { id: randomUUID(), channel: message.channel, from: p.id, fromName: p.displayName, text: message.text, at: new Date().toISOString() };
      // Written to the log with the flush that sends it: what was said is what was kept.
      lm.logBy('chat', p, { channel: message.channel, text: message.text });
      lm.send(message.channel === 'meeting' ? 'all' : lm.state.technicians(), { type: 'chat', message: chat });
    },
  },
  report_incident: {
    right: 'reportIncident',
    async run({ deps, lm, p }, message) {
      const { cause, detail, remedy, expectedMinutes } = message;
      // Into the incident register first (R5.4: the operators are told there); its id is the incident's.
      const registered = await deps.incidents?.raiseInMeeting({ meetingId: lm.id, reporter: p.user, endpointId: p.endpoint?.id ?? null, cause, detail, remedy, expectedMinutes });
      const incident = { id: registered?.id ?? randomUUID(), participantId: p.id, from: p.displayName, cause, detail, remedy, expectedMinutes, at: new Date().toISOString() };
      lm.logBy('incident', p, { incidentId: incident.id, cause, detail, remedy, expectedMinutes });
      await deps.audit.record({ actorId: p.user.id, action: 'meeting.incident_reported', targetType: 'meeting', targetId: lm.id, data: { incidentId: incident.id, cause, detail, remedy, expectedMinutes } });
      lm.send(lm.state.technicians(), { type: 'incident', incident });
    },
  },
  stats: {
    run({ lm, p }, message) {
      const poor = message.lossPercent > 5 || (message.rttMs ?? 0) > 500 || message.jitterMs > 100;
      const health: HealthView = { participantId: p.id, state: poor ? 'poor' : 'good', sendKbps: message.sendKbps, receiveKbps: message.receiveKbps, lossPercent: message.lossPercent, jitterMs: message.jitterMs, rttMs: message.rttMs, at: new Date().toISOString() };
      lm.reportHealth(p, health);
    },
  },
};
