/**
 * The incident register's permissions as every role (R5.4, R6.4): who raises an incident for unit A and who reads
 * the register; every other role is refused and nothing is written. (Out-of-scope reads, updates and resolutions —
 * `incident_not_found` — are in incidents.test.ts.)
 */
import type { IncidentView } from '../../shared/api';
import { describeMatrix, row, useMatrixWorld, type MatrixWorld } from './permission-matrix';

const world = useMatrixWorld();
const count = async (w: MatrixWorld) => ((await w.operator.get('/api/incidents')).body.incidents as IncidentView[]).length;

describeMatrix('incident register (R5.4)', world, [
  row({
    requirement: 'R5.4',
    name: 'raise an incident at unit A’s meeting room',
    allow: ['operator', 'organiserA', 'technicianA'],
    run: (client, _t, w) => client.post('/api/incidents', { unitId: w.unitA, endpointId: w.endpointId, cause: 'transmission', detail: 'Mất kết nối tới phòng họp' }),
    state: (_t, w) => count(w),
    okStatus: 201,
    check: (res, _role, _t, w) => {
      const incident = res.body.incident as IncidentView;
      if (incident.unit.id !== w.unitA || incident.endpoint?.id !== w.endpointId) throw new Error(JSON.stringify(incident));
    },
  }),
  row({
    requirement: 'R5.4',
    name: 'read the incident register',
    allow: ['operator', 'organiserA', 'technicianA', 'organiserB'],
    run: (client) => client.get('/api/incidents'),
  }),
  row({
    requirement: 'R5.4',
    name: 'list whom an incident may be handed to',
    allow: ['operator', 'organiserA', 'technicianA', 'organiserB'],
    run: (client) => client.get('/api/incidents/handlers'),
  }),
]);
