CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_chain_head_one_row" CHECK (id = 1)
);
--> statement-breakpoint
-- Start from the newest existing event (or the genesis hash of an empty chain).
INSERT INTO "audit_chain_head" ("id", "prev_hash", "hash")
SELECT 1,
  coalesce((SELECT "prev_hash" FROM "audit_events" ORDER BY "id" DESC LIMIT 1), repeat('0', 64)),
  coalesce((SELECT "hash" FROM "audit_events" ORDER BY "id" DESC LIMIT 1), repeat('0', 64));
