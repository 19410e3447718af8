/**
 * Requests the first screen needs, started as soon as the bundle runs instead of after React's first render:
 * who is signed in and, on a meeting's link address, the meeting. Each is taken once by the code that would
 * otherwise have asked for it.
 */
import { reservedSlugs, slugPattern } from '../../shared/slug';
import { api } from './api';

type Early = { me?: ReturnType<typeof api.me>; meeting?: { slug: string; promise: ReturnType<typeof api.meetingBySlug> } };
const early: Early = {};

export function startEarlyRequests(pathname: string): void {
  early.me = api.me();
  early.me.catch(() => undefined); // the session provider reports it
  const slug = pathname.slice(1).replace(/\/$/, '');
  if (slugPattern.test(slug) && !reservedSlugs.has(slug)) {
    // Only worth it when signed in; an unauthenticated answer is ignored by whoever takes it.
    const promise = early.me.then((me) => (me.user && !me.user.mustChangePassword ? api.meetingBySlug(slug) : Promise.reject(new Error('not signed in'))));
    promise.catch(() => undefined);
    early.meeting = { slug, promise };
  }
}

export function takeEarlyMe(): ReturnType<typeof api.me> | undefined {
  const me = early.me;
  early.me = undefined;
  return me;
}

export function takeEarlyMeeting(slug: string): ReturnType<typeof api.meetingBySlug> | undefined {
  const meeting = early.meeting;
  early.meeting = undefined;
  return meeting?.slug === slug ? meeting.promise.catch(() => api.meetingBySlug(slug)) : undefined;
}
