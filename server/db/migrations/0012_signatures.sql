CREATE TABLE "meeting_room_people" (
	"meeting_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"people" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"entered_by" uuid NOT NULL,
	"entered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "meeting_room_people_meeting_id_endpoint_id_pk" PRIMARY KEY("meeting_id","endpoint_id")
);
--> statement-breakpoint
CREATE TABLE "signable_signers" (
	"signable_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"signed_at" timestamp with time zone,
	"certificate_id" uuid,
	CONSTRAINT "signable_signers_signable_id_position_pk" PRIMARY KEY("signable_id","position")
);
--> statement-breakpoint
CREATE TABLE "signables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"subject_id" text NOT NULL,
	"title" text NOT NULL,
	"pdf_base64" text NOT NULL,
	"sha256" text NOT NULL,
	"state" text DEFAULT 'signing' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "signing_authorities" (
	"id" text PRIMARY KEY NOT NULL,
	"certificate_pem" text NOT NULL,
	"sealed_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"certificate_pem" text NOT NULL,
	"chain_pem" text DEFAULT '' NOT NULL,
	"sealed_key" text NOT NULL,
	"subject" text NOT NULL,
	"issuer" text NOT NULL,
	"serial_number" text NOT NULL,
	"fingerprint" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"revocation_reason" text
);
--> statement-breakpoint
ALTER TABLE "meeting_room_people" ADD CONSTRAINT "meeting_room_people_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_room_people" ADD CONSTRAINT "meeting_room_people_endpoint_id_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "endpoints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_room_people" ADD CONSTRAINT "meeting_room_people_entered_by_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signable_signers" ADD CONSTRAINT "signable_signers_signable_id_signables_id_fk" FOREIGN KEY ("signable_id") REFERENCES "signables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signable_signers" ADD CONSTRAINT "signable_signers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signable_signers" ADD CONSTRAINT "signable_signers_certificate_id_signing_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "signing_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signables" ADD CONSTRAINT "signables_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_certificates" ADD CONSTRAINT "signing_certificates_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_certificates" ADD CONSTRAINT "signing_certificates_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "signing_certificates" ADD CONSTRAINT "signing_certificates_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "signable_signers_user_idx" ON "signable_signers" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "signables_subject_idx" ON "signables" USING btree ("kind","subject_id");--> statement-breakpoint
CREATE INDEX "signing_certificates_user_idx" ON "signing_certificates" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "signing_certificates_fingerprint_idx" ON "signing_certificates" USING btree ("fingerprint");