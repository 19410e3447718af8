/** Equipment (issue 17 point 4; R5.3): the asset register, maintenance log, checklists and yearly evaluation. */
import type { FastifyInstance } from 'fastify';
import {
  checklistBody,
  checklistParams,
  deviceBody,
  equipmentEndpointParams,
  equipmentIdParams,
  evaluationPdfBody,
  evaluationQuery,
  maintenanceBody,
  updateDeviceBody,
  updateMaintenanceBody,
} from '../../shared/api';
import { z } from 'zod';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { EquipmentService } from './equipment.service';

const meetingParams = z.object({ id: z.string().uuid() });

export function equipmentRoutes(app: FastifyInstance, deps: { equipment: EquipmentService }): void {
  const { equipment } = deps;

  app.get('/api/equipment', async (request) => {
    const { user } = requireUser(request);
    return { endpoints: await equipment.list(user) };
  });

  app.post('/api/equipment/endpoints/:endpointId/devices', async (request, reply) => {
    const { user } = requireUser(request);
    const { endpointId } = parse(equipmentEndpointParams, request.params);
    return reply.code(201).send({ device: await equipment.addDevice(user, endpointId, parse(deviceBody, request.body), request.ip) });
  });

  app.patch('/api/equipment/devices/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(equipmentIdParams, request.params);
    return { device: await equipment.updateDevice(user, id, parse(updateDeviceBody, request.body), request.ip) };
  });

  app.delete('/api/equipment/devices/:id', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(equipmentIdParams, request.params);
    await equipment.deleteDevice(user, id, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/equipment/endpoints/:endpointId/maintenance', async (request, reply) => {
    const { user } = requireUser(request);
    const { endpointId } = parse(equipmentEndpointParams, request.params);
    return reply.code(201).send({ entry: await equipment.addMaintenance(user, endpointId, parse(maintenanceBody, request.body), request.ip) });
  });

  app.patch('/api/equipment/maintenance/:id', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(equipmentIdParams, request.params);
    return { entry: await equipment.updateMaintenance(user, id, parse(updateMaintenanceBody, request.body), request.ip) };
  });

  app.delete('/api/equipment/maintenance/:id', async (request, reply) => {
    const { user } = requireUser(request);
    const { id } = parse(equipmentIdParams, request.params);
    await equipment.deleteMaintenance(user, id, request.ip);
    return reply.code(204).send();
  });

  app.get('/api/meetings/:id/checklists', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(meetingParams, request.params);
    return equipment.meetingChecklists(user, id);
  });

  app.put('/api/meetings/:id/checklists/:endpointId/:phase', async (request) => {
    const { user } = requireUser(request);
    const { id, endpointId, phase } = parse(checklistParams, request.params);
    return { checklist: await equipment.fillChecklist(user, id, endpointId, phase, parse(checklistBody, request.body), request.ip) };
  });

  app.get('/api/equipment/evaluation', async (request) => {
    const { user } = requireUser(request);
    const { year, unitId } = parse(evaluationQuery, request.query);
    return equipment.evaluation(user, year, unitId ?? null);
  });

  app.post('/api/equipment/evaluation.pdf', async (request, reply) => {
    const { user } = requireUser(request);
    const { pdf, filename } = await equipment.evaluationPdf(user, parse(evaluationPdfBody, request.body), request.ip);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
  });
}
