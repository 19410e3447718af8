import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { taskBoardQuery, taskBody, taskReportBody, taskReportFileQuery } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { rawBodyOf, sendStoredFile, uploadRoutes } from '../documents/document.routes';
import { parse } from '../http/validate';
import type { TaskService } from './task.service';

const conclusionParams = z.object({ id: z.string().uuid(), conclusionId: z.string().uuid() });
const taskParams = z.object({ taskId: z.string().uuid() });
const reportParams = z.object({ taskId: z.string().uuid(), reportId: z.string().uuid() });
const fileParams = reportParams.extend({ fileId: z.string().uuid() });

/** R4.2, D12.5: tasks of the conclusions, the assignees' reports, the office's follow-up board. */
export function taskRoutes(app: FastifyInstance, deps: { tasks: TaskService; maxUploadBytes: number }): void {
  const { tasks } = deps;

  app.post('/api/meetings/:id/conclusions/:conclusionId/tasks', async (request, reply) => {
    const { user } = requireUser(request);
    const { id, conclusionId } = parse(conclusionParams, request.params);
    return reply.code(201).send({ task: await tasks.create(user, id, conclusionId, parse(taskBody, request.body), request.ip) });
  });

  app.get('/api/tasks/mine', async (request) => {
    const { user } = requireUser(request);
    return { tasks: await tasks.mine(user) };
  });

  app.get('/api/tasks/board', async (request) => {
    const { user } = requireUser(request);
    const { meetingId } = parse(taskBoardQuery, request.query);
    return tasks.board(user, meetingId);
  });

  app.get('/api/tasks/board.xlsx', async (request, reply) => {
    const { user } = requireUser(request);
    const { meetingId } = parse(taskBoardQuery, request.query);
    const file = await tasks.boardXlsx(user, meetingId, request.ip);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="theo-doi-nhiem-vu.xlsx"')
      .header('cache-control', 'private, no-store')
      .send(file);
  });

  app.get('/api/tasks/:taskId', async (request) => {
    const { user } = requireUser(request);
    const { taskId } = parse(taskParams, request.params);
    return { task: await tasks.get(user, taskId) };
  });

  app.put('/api/tasks/:taskId', async (request) => {
    const { user } = requireUser(request);
    const { taskId } = parse(taskParams, request.params);
    return { task: await tasks.update(user, taskId, parse(taskBody, request.body), request.ip) };
  });

  app.delete('/api/tasks/:taskId', async (request, reply) => {
    const { user } = requireUser(request);
    const { taskId } = parse(taskParams, request.params);
    await tasks.remove(user, taskId, request.ip);
    return reply.code(204).send();
  });

  app.post('/api/tasks/:taskId/reports', async (request, reply) => {
    const { user } = requireUser(request);
    const { taskId } = parse(taskParams, request.params);
    return reply.code(201).send({ report: await tasks.report(user, taskId, parse(taskReportBody, request.body), request.ip) });
  });

  app.get('/api/tasks/:taskId/reports/:reportId/files/:fileId', async (request, reply) => {
    const { user } = requireUser(request);
    const { taskId, reportId, fileId } = parse(fileParams, request.params);
    const file = await tasks.file(user, taskId, reportId, fileId);
    return sendStoredFile(reply, file.path, file);
  });

  uploadRoutes(app, (scope) => {
    scope.post('/api/tasks/:taskId/reports/:reportId/files', { bodyLimit: deps.maxUploadBytes }, async (request, reply) => {
      const { user } = requireUser(request);
      const { taskId, reportId } = parse(reportParams, request.params);
      const { name } = parse(taskReportFileQuery, request.query);
      return reply.code(201).send({ file: await tasks.attach(user, taskId, reportId, { name, ...rawBodyOf(request) }, request.ip) });
    });
  });
}
