-- AlterTable
ALTER TABLE "UpgradePlan" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'upgrade';
