CREATE TABLE "unit_report_reminders" (
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "unit_report_reminders_unit_id_year_quarter_pk" PRIMARY KEY("unit_id","year","quarter")
);
--> statement-breakpoint
CREATE TABLE "unit_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"unit_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"signer_id" uuid,
	"signer_authority" text DEFAULT '' NOT NULL,
	"other_internal" jsonb NOT NULL,
	"other_external" jsonb NOT NULL,
	"rented" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposals" text DEFAULT '' NOT NULL,
	"recipients" text DEFAULT '' NOT NULL,
	"frozen_figures" jsonb,
	"signable_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid
);
--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "outcome" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "outcome_cause" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "outcome_note" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "outcome_by" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "outcome_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "unit_report_reminders" ADD CONSTRAINT "unit_report_reminders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_signer_id_users_id_fk" FOREIGN KEY ("signer_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_signable_id_signables_id_fk" FOREIGN KEY ("signable_id") REFERENCES "signables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_reports" ADD CONSTRAINT "unit_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "unit_reports_period_idx" ON "unit_reports" USING btree ("unit_id","year","quarter");--> statement-breakpoint
CREATE INDEX "unit_reports_quarter_idx" ON "unit_reports" USING btree ("year","quarter");--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_outcome_by_users_id_fk" FOREIGN KEY ("outcome_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meetings_ended_at_idx" ON "meetings" USING btree ("ended_at");