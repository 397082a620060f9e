-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "customerId" TEXT,
    "subdomain" TEXT,
    "jobId" TEXT,
    "snapshotId" TEXT,
    "state" TEXT NOT NULL DEFAULT 'running',
    "error" TEXT,
    "sizeBytes" REAL,
    "addedBytes" REAL,
    "durationMs" INTEGER,
    "pauseMs" INTEGER,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "Backup_customerId_startedAt_idx" ON "Backup"("customerId", "startedAt");

-- CreateIndex
CREATE INDEX "Backup_state_startedAt_idx" ON "Backup"("state", "startedAt");

-- CreateIndex
CREATE INDEX "Backup_snapshotId_idx" ON "Backup"("snapshotId");
