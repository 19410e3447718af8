CREATE TABLE "sign_in_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_links_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "meeting_endpoints" ADD COLUMN "for_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD COLUMN "for_unit_id" uuid;--> statement-breakpoint
ALTER TABLE "meeting_units" ADD COLUMN "members_admitted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_units" ADD COLUMN "attendees_named_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting_units" ADD COLUMN "attendees_named_by" uuid;--> statement-breakpoint
ALTER TABLE "sign_in_links" ADD CONSTRAINT "sign_in_links_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sign_in_links" ADD CONSTRAINT "sign_in_links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_links_user_idx" ON "sign_in_links" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "meeting_endpoints" ADD CONSTRAINT "meeting_endpoints_for_unit_id_units_id_fk" FOREIGN KEY ("for_unit_id") REFERENCES "units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_for_unit_id_units_id_fk" FOREIGN KEY ("for_unit_id") REFERENCES "units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_units" ADD CONSTRAINT "meeting_units_attendees_named_by_users_id_fk" FOREIGN KEY ("attendees_named_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_invitees_unit_idx" ON "meeting_invitees" USING btree ("meeting_id","for_unit_id");--> statement-breakpoint
CREATE INDEX "meeting_units_unit_idx" ON "meeting_units" USING btree ("unit_id");--> statement-breakpoint
CREATE INDEX "users_unit_idx" ON "users" USING btree ("unit_id");