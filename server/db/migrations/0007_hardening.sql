CREATE TABLE "sign_in_lockouts" (
	"email" text PRIMARY KEY NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_outbox" ADD COLUMN "sealed_secret" text;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "invitation_signer_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_last_step" integer;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_invitation_signer_id_users_id_fk" FOREIGN KEY ("invitation_signer_id") REFERENCES "users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- R1.5: TRUNCATE fires no row trigger, so the append-only rule needs a statement trigger of its own.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- R6.1: invitations already sent keep no meeting password (those still to be sent keep theirs until they are, now sealed apart).
UPDATE "mail_outbox" SET
  "text" = regexp_replace("text", '(Mật khẩu cuộc họp: )[^\n]*', '\1(không lưu lại)', 'g'),
  "html" = regexp_replace("html", '(Mật khẩu cuộc họp</th><td>)[^<]*', '\1(không lưu lại)', 'g'),
  "attachments" = COALESCE((SELECT jsonb_agg(jsonb_set(a, '{contentBase64}', '""')) FROM jsonb_array_elements("attachments") a), '[]'::jsonb)
WHERE "status" = 'sent' AND "kind" = 'invitation';
