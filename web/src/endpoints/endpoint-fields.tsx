/** The fields of an endpoint, shared by the registration form and the endpoint page's details form. */
import type { EndpointKind, EndpointView, UnitView } from '../../../shared/api';
import { endpointKinds } from '../../../shared/api';
import { unitDepths } from './endpoint-format';
import { t } from '../i18n';

export interface EndpointFieldValues {
  kind: EndpointKind;
  name: string;
  unitId: string;
  location: string;
  equipment: string;
  networkAddress: string;
  /** As typed; checked to be a whole number on submit. */
  capacity: string;
}

export const emptyFields = (unitId = ''): EndpointFieldValues => ({ kind: 'room', name: '', unitId, location: '', equipment: '', networkAddress: '', capacity: '' });

export const fieldsOf = (e: EndpointView): EndpointFieldValues => ({
  kind: e.kind,
  name: e.name,
  unitId: e.unitId,
  location: e.location,
  equipment: e.equipment,
  networkAddress: e.networkAddress,
  capacity: String(e.capacity),
});

/** The request body part these fields make. */
export const bodyOf = (v: EndpointFieldValues) => ({
  kind: v.kind,
  name: v.name.trim(),
  unitId: v.unitId,
  location: v.location.trim(),
  equipment: v.equipment.trim(),
  networkAddress: v.networkAddress.trim(),
  capacity: v.capacity.trim() === '' ? 0 : Number(v.capacity),
});

/** A unit picker indented by depth; `units` in tree order (as `GET /api/units` returns them). */
export function UnitSelect(props: { units: UnitView[]; value: string; onChange(id: string): void; placeholder: string; testId: string; required?: boolean }) {
  const depth = unitDepths(props.units);
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId} required={props.required}>
      <option value="">{props.placeholder}</option>
      {props.units.map((u) => (
        <option key={u.id} value={u.id}>
          {'\u00a0\u00a0'.repeat(depth.get(u.id) ?? 0)}
          {u.name}
        </option>
      ))}
    </select>
  );
}

export function EndpointFields({ values, onChange, units }: { values: EndpointFieldValues; onChange(v: EndpointFieldValues): void; units: UnitView[] }) {
  const set = <K extends keyof EndpointFieldValues>(key: K, value: EndpointFieldValues[K]) => onChange({ ...values, [key]: value });
  return (
    <>
      <label>
        {t('endpoint.kind')}
        <select value={values.kind} onChange={(e) => set('kind', e.target.value as EndpointKind)} data-testid="endpoint-kind-input">
          {endpointKinds.map((k) => (
            <option key={k} value={k}>
              {t(`endpointKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('endpoint.name')}
        <input required minLength={2} maxLength={200} value={values.name} onChange={(e) => set('name', e.target.value)} data-testid="endpoint-name-input" />
      </label>
      <label>
        {t('endpoint.unit')}
        <UnitSelect units={units} value={values.unitId} onChange={(id) => set('unitId', id)} placeholder={t('endpoint.chooseUnit')} testId="endpoint-unit-input" required />
      </label>
      <label>
        {t('endpoint.location')}
        <input maxLength={300} value={values.location} onChange={(e) => set('location', e.target.value)} data-testid="endpoint-location-input" />
      </label>
      <label>
        {t('endpoint.equipment')}
        <input maxLength={2000} value={values.equipment} onChange={(e) => set('equipment', e.target.value)} data-testid="endpoint-equipment-input" />
      </label>
      <div className="row">
        <label>
          {t('endpoint.networkAddress')}
          <input maxLength={200} value={values.networkAddress} onChange={(e) => set('networkAddress', e.target.value)} placeholder="10.64.2.10" title={t('endpoint.networkAddressHint')} data-testid="endpoint-network-input" />
        </label>
        <label>
          {t('endpoint.capacity')}
          <input type="number" min={0} max={10000} step={1} inputMode="numeric" value={values.capacity} onChange={(e) => set('capacity', e.target.value)} data-testid="endpoint-capacity-input" />
        </label>
      </div>
    </>
  );
}
