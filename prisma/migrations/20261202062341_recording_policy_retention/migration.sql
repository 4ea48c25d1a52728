-- CreateEnum
CREATE TYPE "RecordingPolicy" AS ENUM ('ALL', 'NONE', 'ON_DEMAND');

-- AlterTable (hand-edited: an organization that did not record calls keeps not recording them)
ALTER TABLE "Organization" ADD COLUMN     "recordingPolicy" "RecordingPolicy" NOT NULL DEFAULT 'ALL',
ADD COLUMN     "recordingRetentionDays" INTEGER;
UPDATE "Organization" SET "recordingPolicy" = 'NONE' WHERE "recordCalls" = false;
ALTER TABLE "Organization" DROP COLUMN "recordCalls";

-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "recordingPolicy" "RecordingPolicy";

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "callSid" TEXT,
ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "failureReason" TEXT,
ADD COLUMN     "sha256" TEXT,
ADD COLUMN     "source" TEXT,
ADD COLUMN     "storedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Recording_status_storedAt_idx" ON "Recording"("status", "storedAt");
