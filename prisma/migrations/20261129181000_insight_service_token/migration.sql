-- AlterTable
ALTER TABLE "Deployment" ADD COLUMN "insightToken" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "insightTokenExpiresAt" DATETIME;
ALTER TABLE "Deployment" ADD COLUMN "insightTokenId" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "insightUserId" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "keepDnsDomain" TEXT;

-- CreateTable
CREATE TABLE "TenantInsight" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "peersTotal" INTEGER,
    "peersConnected" INTEGER,
    "lastSeenAt" DATETIME,
    "clientVersions" TEXT NOT NULL DEFAULT '{}',
    "usersTotal" INTEGER,
    "serviceUsers" INTEGER,
    "setupKeysTotal" INTEGER,
    "setupKeysValid" INTEGER,
    "managementVersion" TEXT,
    "updateAvailable" BOOLEAN,
    "availableVersion" TEXT,
    "gatheredAt" DATETIME,
    "attemptedAt" DATETIME,
    "staleReason" TEXT,
    "staleSince" DATETIME,
    "tokenError" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TenantInsight_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "TenantInsight_updateAvailable_idx" ON "TenantInsight"("updateAvailable");
