CREATE TABLE "equipment_checklists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"items" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"filled_by" uuid NOT NULL,
	"filled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"serial_number" text DEFAULT '' NOT NULL,
	"in_service_on" date,
	"warranty_until" date,
	"status" text DEFAULT 'in_use' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "equipment_maintenance" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"device_id" uuid,
	"done_on" date NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"done_by" text NOT NULL,
	"cost" bigint,
	"next_due_on" date,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "equipment_checklists" ADD CONSTRAINT "equipment_checklists_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_checklists" ADD CONSTRAINT "equipment_checklists_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_checklists" ADD CONSTRAINT "equipment_checklists_filled_by_users_id_fk" FOREIGN KEY ("filled_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_devices" ADD CONSTRAINT "equipment_devices_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_maintenance" ADD CONSTRAINT "equipment_maintenance_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_maintenance" ADD CONSTRAINT "equipment_maintenance_device_id_equipment_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "equipment_devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "equipment_maintenance" ADD CONSTRAINT "equipment_maintenance_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "equipment_checklists_key" ON "equipment_checklists" USING btree ("meeting_id","endpoint_id","phase");--> statement-breakpoint
CREATE INDEX "equipment_checklists_endpoint_idx" ON "equipment_checklists" USING btree ("endpoint_id");--> statement-breakpoint
CREATE INDEX "equipment_devices_endpoint_idx" ON "equipment_devices" USING btree ("endpoint_id");--> statement-breakpoint
CREATE INDEX "equipment_maintenance_endpoint_idx" ON "equipment_maintenance" USING btree ("endpoint_id","done_on");