-- AlterTable
ALTER TABLE "CallLog" ADD COLUMN     "aiSummary" JSONB;
