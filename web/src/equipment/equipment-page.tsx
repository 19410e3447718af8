/**
 * `/equipment` (R5.3; D13.1, D13.3, D14.1): each endpoint the viewer may read with its devices (asset register)
 * and its maintenance log; its unit's technicians and office and the operator add and change them.
 */
import { useState, type FormEvent } from 'react';
import { deviceKinds, deviceStatuses, maintenanceKinds, type DeviceKind, type DeviceStatus, type DeviceView, type EquipmentEndpointView, type MaintenanceKind, type MaintenanceView } from '../../../shared/api';
import { ErrorMessage, toShownError, type ShownError } from '../components/error-message';
import { formatDateField, matchesSearch, parseDateField } from '../format';
import { t } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { equipmentApi, vnInteger } from './api-equipment';

const day = (d: string | null) => (d ? formatDateField(d) : '—');

export function EquipmentPage() {
  const { user } = useSession();
  const [version, setVersion] = useState(0);
  const [query, setQuery] = useState('');
  const { data, error } = useLoad(() => equipmentApi.list(), `equipment-${version}`);
  const reload = () => setVersion((v) => v + 1);
  const shown = data?.filter((e) => !query.trim() || matchesSearch(`${e.endpoint.name} ${e.endpoint.unit}`, query));
  return (
    <main className="page">
      <h1>{t('equipment.title')}</h1>
      <p className="muted">{t('equipment.intro')}</p>
      {(user?.role === 'operator' || user?.role === 'organiser') && (
        <p>
          <Link to="/equipment/evaluation" data-testid="equipment-evaluation-link">
            {t('equipment.evaluationLink')}
          </Link>
        </p>
      )}
      <ErrorMessage error={error} />
      {!data && !error && <p className="muted">{t('common.loading')}</p>}
      {data && data.length === 0 && <p className="muted">{t('equipment.none')}</p>}
      {data && data.length > 3 && (
        <label className="form">
          {t('equipment.search')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} data-testid="equipment-search" />
        </label>
      )}
      {shown?.map((e) => <EndpointEquipment key={e.endpoint.id} item={e} onChanged={reload} />)}
    </main>
  );
}

function EndpointEquipment({ item, onChanged }: { item: EquipmentEndpointView; onChanged: () => void }) {
  const [editing, setEditing] = useState<{ kind: 'device'; device: DeviceView | null } | { kind: 'maintenance'; entry: MaintenanceView | null } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const { endpoint: ep, canEdit } = item;
  const done = () => {
    setEditing(null);
    onChanged();
  };
  async function remove(run: () => Promise<void>, question: string) {
    if (!window.confirm(question)) return;
    setError(null);
    try {
      await run();
      onChanged();
    } catch (err) {
      setError(toShownError(err));
    }
  }
  return (
    <section className="card" data-testid="equipment-endpoint" data-endpoint-id={ep.id}>
      <h2>
        {ep.name} <span className="badge">{t(`endpointStatus.${ep.status}`)}</span>
      </h2>
      <p className="muted">
        {ep.unit}
        {ep.location ? ` · ${ep.location}` : ''}
      </p>
      <h3>{t('equipment.devices')}</h3>
      {item.devices.length === 0 ? (
        <p className="muted small">{t('equipment.noDevices')}</p>
      ) : (
        <div className="equipment-scroll">
          <table className="list" data-testid="equipment-devices">
            <thead>
              <tr>
                <th>{t('equipment.device.kind')}</th>
                <th>{t('equipment.device.name')}</th>
                <th>{t('equipment.device.serialNumber')}</th>
                <th>{t('equipment.device.inServiceOn')}</th>
                <th>{t('equipment.device.warrantyUntil')}</th>
                <th>{t('equipment.device.status')}</th>
                <th>{t('equipment.device.notes')}</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {item.devices.map((d) => (
                <tr key={d.id} data-testid="equipment-device" data-status={d.status}>
                  <td>{t(`equipment.kind.${d.kind}`)}</td>
                  <td>
                    {d.name}
                    {d.model && <span className="muted small"> — {d.model}</span>}
                  </td>
                  <td>{d.serialNumber || '—'}</td>
                  <td>{day(d.inServiceOn)}</td>
                  <td>{day(d.warrantyUntil)}</td>
                  <td>{t(`equipment.status.${d.status}`)}</td>
                  <td className="small">{d.notes}</td>
                  {canEdit && (
                    <td>
                      <button type="button" className="link-button" onClick={() => setEditing({ kind: 'device', device: d })} data-testid="equipment-device-edit">
                        {t('equipment.edit')}
                      </button>{' '}
                      <button type="button" className="link-button" onClick={() => void remove(() => equipmentApi.deleteDevice(d.id), t('equipment.deleteDeviceConfirm', { name: d.name }))}>
                        {t('equipment.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('equipment.maintenance')}</h3>
      {item.maintenance.length === 0 ? (
        <p className="muted small">{t('equipment.noMaintenance')}</p>
      ) : (
        <div className="equipment-scroll">
          <table className="list" data-testid="equipment-maintenance">
            <thead>
              <tr>
                <th>{t('equipment.entry.doneOn')}</th>
                <th>{t('equipment.entry.kind')}</th>
                <th>{t('equipment.entry.device')}</th>
                <th>{t('equipment.entry.description')}</th>
                <th>{t('equipment.entry.doneBy')}</th>
                <th>{t('equipment.entry.cost')}</th>
                <th>{t('equipment.entry.nextDueOn')}</th>
                {canEdit && <th />}
              </tr>
            </thead>
            <tbody>
              {item.maintenance.map((m) => (
                <tr key={m.id} data-testid="equipment-entry">
                  <td>{day(m.doneOn)}</td>
                  <td>{t(`equipment.maintenanceKind.${m.kind}`)}</td>
                  <td>{m.device?.name ?? t('equipment.wholeEndpoint')}</td>
                  <td className="small">{m.description}</td>
                  <td>{m.doneBy}</td>
                  <td>{m.cost === null ? '—' : vnInteger(m.cost)}</td>
                  <td>{day(m.nextDueOn)}</td>
                  {canEdit && (
                    <td>
                      <button type="button" className="link-button" onClick={() => setEditing({ kind: 'maintenance', entry: m })}>
                        {t('equipment.edit')}
                      </button>{' '}
                      <button type="button" className="link-button" onClick={() => void remove(() => equipmentApi.deleteMaintenance(m.id), t('equipment.deleteEntryConfirm'))}>
                        {t('equipment.delete')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorMessage error={error} />
      {canEdit && !editing && (
        <div className="actions start">
          <button type="button" onClick={() => setEditing({ kind: 'device', device: null })} data-testid="equipment-add-device">
            {t('equipment.addDevice')}
          </button>
          <button type="button" className="secondary" onClick={() => setEditing({ kind: 'maintenance', entry: null })} data-testid="equipment-add-entry">
            {t('equipment.addEntry')}
          </button>
        </div>
      )}
      {editing?.kind === 'device' && <DeviceForm endpointId={ep.id} device={editing.device} onDone={done} onCancel={() => setEditing(null)} />}
      {editing?.kind === 'maintenance' && <MaintenanceForm endpointId={ep.id} devices={item.devices} entry={editing.entry} onDone={done} onCancel={() => setEditing(null)} />}
    </section>
  );
}

/** A day typed `dd/mm/yyyy` (empty allowed): its ISO form, null when empty, undefined when it is no day. */
function typedDay(text: string): string | null | undefined {
  if (!text.trim()) return null;
  return parseDateField(text) ?? undefined;
}

function DeviceForm({ endpointId, device, onDone, onCancel }: { endpointId: string; device: DeviceView | null; onDone: () => void; onCancel: () => void }) {
  const [kind, setKind] = useState<DeviceKind>(device?.kind ?? 'camera');
  const [name, setName] = useState(device?.name ?? '');
  const [model, setModel] = useState(device?.model ?? '');
  const [serialNumber, setSerialNumber] = useState(device?.serialNumber ?? '');
  const [inService, setInService] = useState(device?.inServiceOn ? formatDateField(device.inServiceOn) : '');
  const [warranty, setWarranty] = useState(device?.warrantyUntil ? formatDateField(device.warrantyUntil) : '');
  const [status, setStatus] = useState<DeviceStatus>(device?.status ?? 'in_use');
  const [notes, setNotes] = useState(device?.notes ?? '');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const inServiceOn = typedDay(inService);
    const warrantyUntil = typedDay(warranty);
    if (inServiceOn === undefined || warrantyUntil === undefined) return setError('equipment.badDay');
    setBusy(true);
    setError(null);
    try {
      const body = { kind, name, model, serialNumber, inServiceOn, warrantyUntil, status, notes };
      if (device) await equipmentApi.updateDevice(device.id, body);
      else await equipmentApi.addDevice(endpointId, body);
      onDone();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} data-testid="equipment-device-form">
      <h3>{t(device ? 'equipment.editDevice' : 'equipment.addDevice')}</h3>
      <label>
        {t('equipment.device.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as DeviceKind)} data-testid="device-kind">
          {deviceKinds.map((k) => (
            <option key={k} value={k}>
              {t(`equipment.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('equipment.device.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="device-name" />
      </label>
      <label>
        {t('equipment.device.model')}
        <input value={model} onChange={(e) => setModel(e.target.value)} maxLength={200} data-testid="device-model" />
      </label>
      <label>
        {t('equipment.device.serialNumber')}
        <input value={serialNumber} onChange={(e) => setSerialNumber(e.target.value)} maxLength={100} data-testid="device-serial" />
      </label>
      <label>
        {t('equipment.device.inServiceOn')}
        <input value={inService} onChange={(e) => setInService(e.target.value)} placeholder={t('equipment.dayPlaceholder')} data-testid="device-in-service" />
      </label>
      <label>
        {t('equipment.device.warrantyUntil')}
        <input value={warranty} onChange={(e) => setWarranty(e.target.value)} placeholder={t('equipment.dayPlaceholder')} data-testid="device-warranty" />
      </label>
      <label>
        {t('equipment.device.status')}
        <select value={status} onChange={(e) => setStatus(e.target.value as DeviceStatus)} data-testid="device-status">
          {deviceStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`equipment.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('equipment.device.notes')}
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={2} maxLength={2000} data-testid="device-notes" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy} data-testid="device-save">
          {t('equipment.save')}
        </button>
      </div>
    </form>
  );
}

function MaintenanceForm({ endpointId, devices, entry, onDone, onCancel }: { endpointId: string; devices: DeviceView[]; entry: MaintenanceView | null; onDone: () => void; onCancel: () => void }) {
  const [deviceId, setDeviceId] = useState(entry?.device?.id ?? '');
  const [doneOn, setDoneOn] = useState(entry ? formatDateField(entry.doneOn) : '');
  const [kind, setKind] = useState<MaintenanceKind>(entry?.kind ?? 'periodic');
  const [description, setDescription] = useState(entry?.description ?? '');
  const [doneBy, setDoneBy] = useState(entry?.doneBy ?? '');
  const [cost, setCost] = useState(entry?.cost === null || entry?.cost === undefined ? '' : String(entry.cost));
  const [nextDue, setNextDue] = useState(entry?.nextDueOn ? formatDateField(entry.nextDueOn) : '');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const done = typedDay(doneOn);
    const nextDueOn = typedDay(nextDue);
    if (!done || nextDueOn === undefined) return setError('equipment.badDay');
    const costDigits = cost.replace(/[.\s]/g, '');
    if (costDigits && !/^\d+$/.test(costDigits)) return setError('equipment.badCost');
    setBusy(true);
    setError(null);
    try {
      const body = { deviceId: deviceId || null, doneOn: done, kind, description, doneBy, cost: costDigits ? Number(costDigits) : null, nextDueOn };
      if (entry) await equipmentApi.updateMaintenance(entry.id, body);
      else await equipmentApi.addMaintenance(endpointId, body);
      onDone();
    } catch (err) {
      setError(toShownError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="form card" onSubmit={(e) => void submit(e)} data-testid="equipment-entry-form">
      <h3>{t(entry ? 'equipment.editEntry' : 'equipment.addEntry')}</h3>
      <label>
        {t('equipment.entry.doneOn')}
        <input value={doneOn} onChange={(e) => setDoneOn(e.target.value)} required placeholder={t('equipment.dayPlaceholder')} data-testid="entry-done-on" />
      </label>
      <label>
        {t('equipment.entry.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as MaintenanceKind)} data-testid="entry-kind">
          {maintenanceKinds.map((k) => (
            <option key={k} value={k}>
              {t(`equipment.maintenanceKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('equipment.entry.device')}
        <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)} data-testid="entry-device">
          <option value="">{t('equipment.wholeEndpoint')}</option>
          {devices.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
              {d.serialNumber ? ` (${d.serialNumber})` : ''}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('equipment.entry.description')}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} required minLength={3} maxLength={2000} rows={3} data-testid="entry-description" />
      </label>
      <label>
        {t('equipment.entry.doneBy')}
        <input value={doneBy} onChange={(e) => setDoneBy(e.target.value)} required maxLength={200} data-testid="entry-done-by" />
      </label>
      <label>
        {t('equipment.entry.costVnd')}
        <input value={cost} onChange={(e) => setCost(e.target.value)} inputMode="numeric" data-testid="entry-cost" />
      </label>
      <label>
        {t('equipment.entry.nextDueOn')}
        <input value={nextDue} onChange={(e) => setNextDue(e.target.value)} placeholder={t('equipment.dayPlaceholder')} data-testid="entry-next-due" />
      </label>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" disabled={busy} data-testid="entry-save">
          {t('equipment.save')}
        </button>
      </div>
    </form>
  );
}
