-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "aiSettings" JSONB NOT NULL DEFAULT '{}';

-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "aiSettings" JSONB;
