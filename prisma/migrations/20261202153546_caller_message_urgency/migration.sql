-- AlterTable
ALTER TABLE "CallerMessage" ADD COLUMN     "urgency" TEXT;
