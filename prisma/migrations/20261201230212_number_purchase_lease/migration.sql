-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "numberPurchaseLeaseUntil" TIMESTAMP(3);
