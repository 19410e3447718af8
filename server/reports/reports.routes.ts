import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { figuresQuery, meetingOutcomeBody, reportExportQuery, reportIdParams, reportPeriodParams, unitReportParams, updateReportBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { MeetingOutcomeService } from './outcome.service';
import type { ReportFile, ReportsService } from './reports.service';

const meetingParams = z.object({ id: z.string().uuid() });

const sendFile = (reply: FastifyReply, file: ReportFile) =>
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'private, no-store')
    .send(file.bytes);

export function reportsRoutes(app: FastifyInstance, deps: { outcomes: MeetingOutcomeService; reports: ReportsService }): void {
  const { outcomes, reports } = deps;

  app.put('/api/meetings/:id/outcome', async (request) => {
    const { user } = requireUser(request);
    const { id } = parse(meetingParams, request.params);
    return { outcome: await outcomes.set(user, id, parse(meetingOutcomeBody, request.body), request.ip) };
  });

  /** Ad-hoc statistics over any period and set of units (M13.5). */
  app.get('/api/reports/figures', async (request) => {
    const { user } = requireUser(request);
    return reports.figures(user, parse(figuresQuery, request.query));
  });

  app.get('/api/reports/unit/:unitId/:year/:quarter', async (request) => {
    const { user } = requireUser(request);
    const p = parse(unitReportParams, request.params);
    return { report: await reports.getOrDraft(user, p.unitId, p.year, p.quarter, request.ip) };
  });

  app.get('/api/reports/quarter/:year/:quarter', async (request) => {
    const { user } = requireUser(request);
    const p = parse(reportPeriodParams, request.params);
    return reports.quarterStatus(user, p.year, p.quarter);
  });

  app.get('/api/reports/consolidated/:year/:quarter', async (request) => {
    const { user } = requireUser(request);
    const p = parse(reportPeriodParams, request.params);
    return reports.consolidated(user, p.year, p.quarter);
  });

  app.get('/api/reports/consolidated/:year/:quarter/export', async (request, reply) => {
    const { user } = requireUser(request);
    const p = parse(reportPeriodParams, request.params);
    return sendFile(reply, await reports.consolidatedExport(user, p.year, p.quarter, parse(reportExportQuery, request.query).format, request.ip));
  });

  app.get('/api/reports/:id', async (request) => {
    const { user } = requireUser(request);
    return { report: await reports.get(user, parse(reportIdParams, request.params).id) };
  });

  app.put('/api/reports/:id', async (request) => {
    const { user } = requireUser(request);
    return { report: await reports.update(user, parse(reportIdParams, request.params).id, parse(updateReportBody, request.body), request.ip) };
  });

  app.post('/api/reports/:id/send-for-signing', async (request) => {
    const { user } = requireUser(request);
    return { report: await reports.sendForSigning(user, parse(reportIdParams, request.params).id, request.ip) };
  });

  app.post('/api/reports/:id/reopen', async (request) => {
    const { user } = requireUser(request);
    return { report: await reports.reopen(user, parse(reportIdParams, request.params).id, request.ip) };
  });

  app.post('/api/reports/:id/submit', async (request) => {
    const { user } = requireUser(request);
    return { report: await reports.submit(user, parse(reportIdParams, request.params).id, request.ip) };
  });

  app.get('/api/reports/:id/export', async (request, reply) => {
    const { user } = requireUser(request);
    return sendFile(reply, await reports.exportFile(user, parse(reportIdParams, request.params).id, parse(reportExportQuery, request.query).format, request.ip));
  });
}
