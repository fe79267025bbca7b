DROP INDEX "help_articles_search_idx";--> statement-breakpoint
DROP INDEX "help_articles_title_idx";--> statement-breakpoint
CREATE INDEX "help_articles_search_idx" ON "help_articles" USING gin ("search_vector") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "help_articles_title_idx" ON "help_articles" USING gin ("title_vector") WITH (fastupdate=false);