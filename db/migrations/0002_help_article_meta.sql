ALTER TABLE "help_articles" ADD COLUMN "summary" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "help_articles" ADD COLUMN "related" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "help_articles" ADD COLUMN "sort_order" integer DEFAULT 100 NOT NULL;