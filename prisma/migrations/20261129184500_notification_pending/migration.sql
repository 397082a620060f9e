-- CreateTable
CREATE TABLE "NotificationPending" (
    "dedupeKey" TEXT NOT NULL PRIMARY KEY,
    "since" DATETIME NOT NULL
);
