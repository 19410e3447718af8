CREATE TABLE "conclusion_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"conclusion_id" uuid NOT NULL,
	"description" text NOT NULL,
	"assignee_user_id" uuid,
	"assignee_unit_id" uuid,
	"deadline" text NOT NULL,
	"done_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conclusions_notices" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"opening" text NOT NULL,
	"signer_authority" text DEFAULT '' NOT NULL,
	"signer_title" text NOT NULL,
	"signer_name" text NOT NULL,
	"recipients" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by" uuid
);
--> statement-breakpoint
CREATE TABLE "substitute_reports" (
	"meeting_id" uuid NOT NULL,
	"substitute_id" uuid NOT NULL,
	"head_id" uuid NOT NULL,
	"text" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "substitute_reports_meeting_id_substitute_id_pk" PRIMARY KEY("meeting_id","substitute_id")
);
--> statement-breakpoint
CREATE TABLE "task_report_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"text" text NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"reported_by" uuid NOT NULL,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conclusion_tasks" ADD CONSTRAINT "conclusion_tasks_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusion_tasks" ADD CONSTRAINT "conclusion_tasks_conclusion_id_meeting_conclusions_id_fk" FOREIGN KEY ("conclusion_id") REFERENCES "meeting_conclusions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusion_tasks" ADD CONSTRAINT "conclusion_tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusion_tasks" ADD CONSTRAINT "conclusion_tasks_assignee_unit_id_units_id_fk" FOREIGN KEY ("assignee_unit_id") REFERENCES "units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusion_tasks" ADD CONSTRAINT "conclusion_tasks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusions_notices" ADD CONSTRAINT "conclusions_notices_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusions_notices" ADD CONSTRAINT "conclusions_notices_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conclusions_notices" ADD CONSTRAINT "conclusions_notices_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitute_reports" ADD CONSTRAINT "substitute_reports_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitute_reports" ADD CONSTRAINT "substitute_reports_substitute_id_users_id_fk" FOREIGN KEY ("substitute_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "substitute_reports" ADD CONSTRAINT "substitute_reports_head_id_users_id_fk" FOREIGN KEY ("head_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_report_files" ADD CONSTRAINT "task_report_files_report_id_task_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "task_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_task_id_conclusion_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "conclusion_tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_reports" ADD CONSTRAINT "task_reports_reported_by_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conclusion_tasks_meeting_idx" ON "conclusion_tasks" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "conclusion_tasks_user_idx" ON "conclusion_tasks" USING btree ("assignee_user_id");--> statement-breakpoint
CREATE INDEX "conclusion_tasks_unit_idx" ON "conclusion_tasks" USING btree ("assignee_unit_id");--> statement-breakpoint
CREATE INDEX "substitute_reports_head_idx" ON "substitute_reports" USING btree ("head_id");--> statement-breakpoint
CREATE INDEX "task_report_files_report_idx" ON "task_report_files" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "task_reports_task_idx" ON "task_reports" USING btree ("task_id");