-- CreateTable
CREATE TABLE "TenantPin" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "images" TEXT NOT NULL,
    "note" TEXT,
    "actor" TEXT,
    "planId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "UpgradePlan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL DEFAULT 'running',
    "stateReason" TEXT,
    "images" TEXT NOT NULL,
    "followsDefault" BOOLEAN NOT NULL DEFAULT true,
    "canary" INTEGER NOT NULL,
    "waveSize" INTEGER NOT NULL,
    "parallel" INTEGER NOT NULL,
    "soakSeconds" INTEGER NOT NULL,
    "failureBudget" INTEGER NOT NULL,
    "peerFraction" REAL NOT NULL,
    "peerTimeoutSeconds" INTEGER NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "actor" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" DATETIME,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "UpgradeTenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "subdomain" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "fromImages" TEXT,
    "snapshotId" TEXT,
    "jobId" TEXT,
    "reason" TEXT,
    "peersBefore" INTEGER,
    "downtimeMs" INTEGER,
    "rollbackMs" INTEGER,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    CONSTRAINT "UpgradeTenant_planId_fkey" FOREIGN KEY ("planId") REFERENCES "UpgradePlan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "UpgradePlan_state_idx" ON "UpgradePlan"("state");

-- CreateIndex
CREATE INDEX "UpgradeTenant_planId_wave_idx" ON "UpgradeTenant"("planId", "wave");

-- CreateIndex
CREATE INDEX "UpgradeTenant_customerId_idx" ON "UpgradeTenant"("customerId");
