CREATE TABLE "audit_chain_head" (
	"id" integer PRIMARY KEY NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_chain_head_one_row" CHECK (id = 1)
);
--> statement-breakpoint
-- Deploy note: instances of the previous release append without this head (advisory lock + last row), so stop
-- them before this migration runs; the lock below keeps one that is still finishing an append from slipping in
-- between reading the newest event and writing the head.
SELECT pg_advisory_xact_lock(727274001);
--> statement-breakpoint
-- Start from the newest existing event (or the genesis hash of an empty chain).
INSERT INTO "audit_chain_head" ("id", "prev_hash", "hash")
SELECT 1,
  coalesce((SELECT "prev_hash" FROM "audit_events" ORDER BY "id" DESC LIMIT 1), repeat('0', 64)),
  coalesce((SELECT "hash" FROM "audit_events" ORDER BY "id" DESC LIMIT 1), repeat('0', 64));
