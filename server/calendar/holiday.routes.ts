import type { FastifyInstance } from 'fastify';
import { holidayParams, holidaysQuery, putHolidayBody } from '../../shared/api';
import { requireUser } from '../auth/auth.hooks';
import { parse } from '../http/validate';
import type { HolidayService } from './holiday.service';

export function holidayRoutes(app: FastifyInstance, deps: { holidays: HolidayService }): void {
  const { holidays } = deps;

  app.get('/api/holidays', async (request) => {
    requireUser(request);
    const { year } = parse(holidaysQuery, request.query);
    return { year, holidays: await holidays.year(year) };
  });

  app.put('/api/holidays/:date', async (request) => {
    const { user } = requireUser(request);
    const { date } = parse(holidayParams, request.params);
    return { holiday: await holidays.set(user, date, parse(putHolidayBody, request.body), request.ip) };
  });

  app.delete('/api/holidays/:date', async (request, reply) => {
    const { user } = requireUser(request);
    const { date } = parse(holidayParams, request.params);
    await holidays.remove(user, date, request.ip);
    return reply.code(204).send();
  });
}
