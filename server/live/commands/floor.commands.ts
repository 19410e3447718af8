/** Speaking requests and the floor (R3.4, R3.5): requests by anyone who may speak, grants by those who run it. */
import { AppError } from '../../errors';
import { endFloor, grantFloor, scheduleFloorEnd } from '../floor-control';
import { permissionsOf } from '../meeting-roles';
import type { Commands } from './command';

export const floorCommands: Commands<'request_floor' | 'withdraw_floor' | 'grant_floor' | 'extend_floor' | 'revoke_floor'> = {
  request_floor: {
    run({ lm, p }, message) {
      const may = permissionsOf(p.role);
      let speakerParticipant = p;
      let speaker = p.displayName;
      if (message.onBehalfOf) {
        if (!may.requestOnBehalf) throw new AppError('meeting_role_forbidden');
        // An endpoint's technician asks for someone in the room: the room's microphone opens (D16.2e).
        if (p.role === 'endpoint_technician') {
          const room = [...lm.state.participants.values()].find((q) => q.role === 'endpoint' && q.endpoint?.id === p.endpoint?.id);
          if (!room) throw new AppError('participant_not_found');
          speakerParticipant = room;
        }
        speaker = `${message.onBehalfOf} (${speakerParticipant.displayName})`;
      } else if (!may.requestFloor) throw new AppError('meeting_role_forbidden');
      const request = lm.state.floor.request({ participantId: speakerParticipant.id, speaker, topic: message.topic, enteredBy: p.id });
      lm.state.queueChanged(request);
      lm.changed();
      lm.logBy('floor_requested', p, { requestId: request.id, speaker, topic: message.topic, forParticipantId: speakerParticipant.id });
    },
  },
  withdraw_floor: {
    run({ lm, p }, message) {
      const request = lm.state.floor.withdraw(message.requestId, p.id, lm.state.controllers.has(p));
      lm.state.queueChanged(request);
      lm.changed();
      lm.logBy('floor_withdrawn', p, { requestId: request.id, speaker: request.speaker });
    },
  },
  grant_floor: {
    right: 'controlFloor',
    serial: true,
    run({ deps, lm, p }, message) {
      return grantFloor(deps, lm, p, message);
    },
  },
  extend_floor: {
    right: 'controlFloor',
    serial: true,
    run({ deps, lm, p }, message) {
      const grant = lm.state.floor.extend(message.grantId, message.seconds);
      lm.state.floorChanged();
      lm.changed();
      scheduleFloorEnd(deps, lm, grant.id, grant.endsAt);
      lm.logBy('floor_extended', p, { grantId: grant.id, seconds: message.seconds });
    },
  },
  revoke_floor: {
    right: 'controlFloor',
    serial: true,
    run({ lm, p }, message) {
      return endFloor(lm, message.grantId, 'revoked', p);
    },
  },
};
