/**
 * The people in each meeting room (R4.3): the room's technician (or the room's own account) enters who sat in the
 * room, one per line `Name, title`; those who see the meeting's records see every room's list. The attendance
 * record confirmed by the secretary carries them.
 */
import { useEffect, useState } from 'react';
import type { RoomPeopleView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateTime } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { signaturesApi } from '../signatures/api-signatures';
import { useLoad } from '../use-load';

const toText = (people: RoomPeopleView['people']) => people.map((p) => (p.title ? `${p.name}, ${p.title}` : p.name)).join('\n');
const fromText = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name, ...rest] = l.split(',');
      return { name: name!.trim(), title: rest.join(',').trim() };
    });

export function RoomPeople({ meetingId }: { meetingId: string }) {
  const { data, error, reload } = useLoad(() => signaturesApi.roomPeople(meetingId), meetingId);
  return (
    <section className="card" data-testid="room-people">
      <h2>{t('roomPeople.title')}</h2>
      <p className="small muted">{t('roomPeople.intro')}</p>
      <ErrorMessage error={error} />
      {data?.rooms.length === 0 && <p className="muted">{t('roomPeople.none')}</p>}
      {data?.rooms.map((room) => <Room key={room.endpointId} meetingId={meetingId} room={room} onSaved={reload} />)}
    </section>
  );
}

function Room({ meetingId, room, onSaved }: { meetingId: string; room: RoomPeopleView; onSaved(): void }) {
  const [text, setText] = useState(toText(room.people));
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setText(toText(room.people)), [room.people]);
  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await signaturesApi.setRoomPeople(meetingId, room.endpointId, { people: fromText(text) });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(toShownError(err));
    }
  };
  return (
    <div data-testid="room-people-room" data-endpoint-id={room.endpointId}>
      <h3>{room.name}</h3>
      <p className="small muted">{room.enteredAt ? t('roomPeople.enteredAt', { time: formatDateTime(room.enteredAt), count: room.people.length }) : t('roomPeople.notEntered')}</p>
      {room.mayEdit ? (
        <>
          <label>
            {t('roomPeople.lines')}
            <textarea rows={6} value={text} onChange={(e) => setText(e.target.value)} data-testid="room-people-text" />
          </label>
          <button type="button" onClick={() => void save()} data-testid="room-people-save">
            {t('roomPeople.save')}
          </button>
          {saved && <span className="small"> {t('roomPeople.saved')}</span>}
          <ErrorMessage error={error} />
        </>
      ) : (
        <ul>
          {room.people.map((p, i) => (
            <li key={i}>
              {p.name}
              {p.title && <span className="muted">, {p.title}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `/meetings/:id/room-people` — the page a room's technician reaches from their home page. */
export function RoomPeoplePage({ id }: { id: string }) {
  return (
    <main className="page">
      <p>
        <Link to="/">{t('records.back')}</Link>
      </p>
      <RoomPeople meetingId={id} />
    </main>
  );
}
