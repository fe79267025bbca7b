ALTER TABLE "help_articles" ADD COLUMN "title_vector" "tsvector" DEFAULT ''::tsvector NOT NULL;--> statement-breakpoint
CREATE INDEX "help_articles_title_idx" ON "help_articles" USING gin ("title_vector");--> statement-breakpoint
-- Keep the search vectors (a few kB each) in the row instead of TOAST: matching reads no second relation.
ALTER TABLE "help_articles" ALTER COLUMN "search_vector" SET STORAGE MAIN;
