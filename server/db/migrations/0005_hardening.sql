ALTER TABLE "meetings" ADD COLUMN "invitation_signer_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_invitation_signer_id_users_id_fk" FOREIGN KEY ("invitation_signer_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- R1.5: TRUNCATE fires no row trigger, so the append-only rule needs a statement trigger of its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
