-- Added as columns (not a table rebuild) so no foreign-key action can touch existing rows.
ALTER TABLE "Customer" ADD COLUMN "desiredState" TEXT NOT NULL DEFAULT 'running';
ALTER TABLE "Customer" ADD COLUMN "failedJobId" TEXT;
