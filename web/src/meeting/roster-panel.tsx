import type { ParticipantView } from '../../../shared/protocol';
import { CameraOffIcon, MicOffIcon } from '../components/icons';
import { t } from '../i18n';

/** Everyone in the meeting: name, unit, chair marker, microphone/camera off. */
export function RosterPanel({ roster, selfId, open }: { roster: ParticipantView[]; selfId: string | null; open: boolean }) {
  return (
    <aside className={`roster${open ? ' open' : ''}`} data-testid="roster" aria-label={t('room.roster', { count: roster.length })}>
      <h2>{t('room.roster', { count: roster.length })}</h2>
      <ul>
        {roster.map((p) => (
          <li key={p.id} data-testid="roster-item" data-participant-id={p.id}>
            <div className="roster-person">
              <span className="strong">{p.name}</span>
              {p.id === selfId && <span className="muted"> ({t('room.you')})</span>}
              {p.isChair && (
                <span className="badge chair" data-testid="chair-marker">
                  {t('room.chair')}
                </span>
              )}
              <div className="small muted">{p.unit}</div>
            </div>
            <span className="roster-icons">
              {!p.audio && (
                <span title={t('room.micOff')} aria-label={t('room.micOff')} role="img">
                  <MicOffIcon />
                </span>
              )}
              {!p.video && (
                <span title={t('room.cameraOff')} aria-label={t('room.cameraOff')} role="img">
                  <CameraOffIcon />
                </span>
              )}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
