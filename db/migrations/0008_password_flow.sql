CREATE TYPE "public"."recovery_flow_kind" AS ENUM('passkey', 'password');--> statement-breakpoint
ALTER TYPE "public"."recovery_step" ADD VALUE 'credentials_pin';--> statement-breakpoint
ALTER TYPE "public"."recovery_step" ADD VALUE 'waiting';--> statement-breakpoint
ALTER TYPE "public"."recovery_step" ADD VALUE 'new_password';--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "trading_pin_hash" text;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "kind" "recovery_flow_kind" DEFAULT 'passkey' NOT NULL;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "pin_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "waiting_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "resume_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "resumed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "new_password_hash" text;--> statement-breakpoint
ALTER TABLE "recovery_flows" ADD COLUMN "extensions" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "recovery_flows_resume_at_idx" ON "recovery_flows" USING btree ("resume_at");