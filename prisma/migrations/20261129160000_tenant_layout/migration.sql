-- AlterTable
ALTER TABLE "Customer" ADD COLUMN "layout" TEXT NOT NULL DEFAULT 'classic';

-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "serverImage" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "sessionCookieKey" TEXT;
