CREATE TABLE "meeting_minutes" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 0 NOT NULL,
	"draft_document_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_minutes_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"section" text NOT NULL,
	"position" integer NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"grant_id" text,
	"speaker_id" uuid,
	"speaker_name" text DEFAULT '' NOT NULL,
	"spoke_at" timestamp with time zone,
	"spoke_ms" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_vote_electors" (
	"vote_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "meeting_vote_electors_vote_id_user_id_pk" PRIMARY KEY("vote_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_vote_tallies" (
	"vote_id" uuid NOT NULL,
	"choice" integer NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "meeting_vote_tallies_vote_id_choice_pk" PRIMARY KEY("vote_id","choice")
);
--> statement-breakpoint
CREATE TABLE "meeting_vote_voters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"vote_id" uuid NOT NULL,
	"voter_id" uuid,
	"endpoint_id" uuid,
	"cast_by" uuid NOT NULL,
	"choice" integer
);
--> statement-breakpoint
CREATE TABLE "meeting_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"question" text NOT NULL,
	"choices" jsonb NOT NULL,
	"secret" boolean NOT NULL,
	"electorate" text NOT NULL,
	"rooms_by_technician" boolean DEFAULT false NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"opened_by" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" uuid
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "secretary_id" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "conclusions_none_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "conclusions_none_by" uuid;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_draft_document_id_meeting_documents_id_fk" FOREIGN KEY ("draft_document_id") REFERENCES "meeting_documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes_entries" ADD CONSTRAINT "meeting_minutes_entries_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes_entries" ADD CONSTRAINT "meeting_minutes_entries_speaker_id_users_id_fk" FOREIGN KEY ("speaker_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes_entries" ADD CONSTRAINT "meeting_minutes_entries_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes_entries" ADD CONSTRAINT "meeting_minutes_entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_electors" ADD CONSTRAINT "meeting_vote_electors_vote_id_meeting_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "meeting_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_electors" ADD CONSTRAINT "meeting_vote_electors_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_tallies" ADD CONSTRAINT "meeting_vote_tallies_vote_id_meeting_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "meeting_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_voters" ADD CONSTRAINT "meeting_vote_voters_vote_id_meeting_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "meeting_votes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_voters" ADD CONSTRAINT "meeting_vote_voters_voter_id_users_id_fk" FOREIGN KEY ("voter_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_voters" ADD CONSTRAINT "meeting_vote_voters_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_vote_voters" ADD CONSTRAINT "meeting_vote_voters_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_votes" ADD CONSTRAINT "meeting_votes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_votes" ADD CONSTRAINT "meeting_votes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_votes" ADD CONSTRAINT "meeting_votes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_minutes_entries_meeting_idx" ON "meeting_minutes_entries" USING btree ("meeting_id","section","position");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_vote_voters_person_idx" ON "meeting_vote_voters" USING btree ("vote_id","voter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_vote_voters_room_idx" ON "meeting_vote_voters" USING btree ("vote_id","endpoint_id");--> statement-breakpoint
CREATE INDEX "meeting_votes_meeting_idx" ON "meeting_votes" USING btree ("meeting_id");--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_secretary_id_users_id_fk" FOREIGN KEY ("secretary_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_conclusions_none_by_users_id_fk" FOREIGN KEY ("conclusions_none_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;