-- Statistics and the quarterly report's figures (issue 17, points 1, 2 and 9): for each held meeting of a period
-- the figures read its `joined` events and whether it had an `incident`. Two partial indexes make these index (and
-- index-only) lookups instead of scans of the whole meeting log (measured by `npm run bench:report`, PERFORMANCE.md).
-- Written by hand (drizzle-kit cannot express INCLUDE); schema.ts names them in a comment at its end.
CREATE INDEX IF NOT EXISTS "meeting_events_incident_idx" ON "meeting_events" USING btree ("meeting_id") WHERE "type" = 'incident';--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "meeting_events_joined_idx" ON "meeting_events" USING btree ("meeting_id") INCLUDE ("user_id", "data") WHERE "type" = 'joined';
