// How long an organization keeps its recordings (spec: retention): 30, 90 or 365 days from the
// call, or for as long as it likes (null). Pure, so the due date is tested without a clock.

export const RETENTION_CHOICES = [30, 90, 365, null] as const
export type RetentionDays = (typeof RETENTION_CHOICES)[number]

const DAY_MS = 24 * 60 * 60 * 1000

/** Recordings made before this instant are due for deletion; null when the organization keeps them. */
export function retentionCutoff(days: number | null, now: Date): Date | null {
  return days === null ? null : new Date(now.getTime() - days * DAY_MS)
}

/** The day a recording made at `createdAt` is deleted, for showing beside it; null when kept. */
export function deletionDue(createdAt: Date, days: number | null): Date | null {
  return days === null ? null : new Date(createdAt.getTime() + days * DAY_MS)
}
