-- CreateEnum
CREATE TYPE "TranscriptSpeaker" AS ENUM ('CALLER', 'ASSISTANT');

-- AlterTable
ALTER TABLE "CallLog" ADD COLUMN     "aiReportSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "aiTurnLatenciesMs" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "aiUsage" JSONB;

-- CreateTable
CREATE TABLE "CallTranscriptTurn" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "callLogId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "speaker" "TranscriptSpeaker" NOT NULL,
    "text" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "interrupted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CallTranscriptTurn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CallTranscriptTurn_organizationId_idx" ON "CallTranscriptTurn"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "CallTranscriptTurn_callLogId_position_key" ON "CallTranscriptTurn"("callLogId", "position");

-- AddForeignKey
ALTER TABLE "CallTranscriptTurn" ADD CONSTRAINT "CallTranscriptTurn_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTranscriptTurn" ADD CONSTRAINT "CallTranscriptTurn_organizationId_callLogId_fkey" FOREIGN KEY ("organizationId", "callLogId") REFERENCES "CallLog"("organizationId", "id") ON DELETE CASCADE ON UPDATE CASCADE;
