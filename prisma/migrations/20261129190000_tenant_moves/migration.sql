-- CreateTable
CREATE TABLE "TenantMove" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "jobId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "drainId" TEXT,
    "fromHostId" TEXT NOT NULL,
    "toHostId" TEXT NOT NULL,
    "fromDashboardPort" INTEGER NOT NULL,
    "fromRelayPort" INTEGER NOT NULL,
    "toDashboardPort" INTEGER,
    "toRelayPort" INTEGER,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "snapshotId" TEXT,
    "downtimeMs" INTEGER,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "HostDrain" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "parallel" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "refused" TEXT NOT NULL DEFAULT '[]',
    "actor" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "TenantMove_jobId_key" ON "TenantMove"("jobId");

-- CreateIndex
CREATE INDEX "TenantMove_customerId_createdAt_idx" ON "TenantMove"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "TenantMove_drainId_idx" ON "TenantMove"("drainId");

-- CreateIndex
CREATE INDEX "TenantMove_toHostId_state_idx" ON "TenantMove"("toHostId", "state");

-- CreateIndex
CREATE INDEX "HostDrain_hostId_createdAt_idx" ON "HostDrain"("hostId", "createdAt");
