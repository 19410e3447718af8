CREATE TABLE "live_meetings" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"owner_instance" text NOT NULL,
	"fencing" bigint NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"state" jsonb NOT NULL,
	"media" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"record" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_entry_grants" (
	"session_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"until" timestamp with time zone NOT NULL,
	CONSTRAINT "meeting_entry_grants_session_id_meeting_id_pk" PRIMARY KEY("session_id","meeting_id")
);
--> statement-breakpoint
ALTER TABLE "live_meetings" ADD CONSTRAINT "live_meetings_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participants" ADD CONSTRAINT "live_participants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_participants" ADD CONSTRAINT "live_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_entry_grants" ADD CONSTRAINT "meeting_entry_grants_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_entry_grants" ADD CONSTRAINT "meeting_entry_grants_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_participants_meeting_idx" ON "live_participants" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "meeting_entry_grants_meeting_idx" ON "meeting_entry_grants" USING btree ("meeting_id");