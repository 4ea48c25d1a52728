import type { PrismaClient } from '@/lib/generated/prisma/client'

// A Prisma client bound to one organization: every read, update and delete of a tenant-owned
// model gets `organizationId` added to its filter, and every create gets it written, so a query
// built from a request's ids cannot reach another organization's rows — it finds nothing.
// Prisma accepts non-unique fields beside the unique one in `where` of findUnique/update/delete.

const TENANT_MODELS = new Set([
  'User', 'PhoneNumber', 'BusinessHours', 'Queue', 'CallLog', 'CallEvent', 'Recording', 'Voicemail',
  'CallerMessage', 'UsageRecord', 'AuditLog', 'OrganizationEvent', 'QueueMember',
])

const FILTERED = new Set([
  'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  'update', 'updateMany', 'updateManyAndReturn', 'delete', 'deleteMany',
])

type Args = Record<string, unknown> & { where?: object; data?: unknown; create?: object }

export function scopeArgs(model: string, operation: string, args: Args, organizationId: string): Args {
  if (!TENANT_MODELS.has(model)) {
    throw new Error(`${model} is not tenant-owned; reach it through its organization-scoped parent`)
  }
  if (FILTERED.has(operation)) return { ...args, where: { ...args.where, organizationId } }
  if (operation === 'create') return { ...args, data: { ...(args.data as object), organizationId } }
  if (operation === 'createMany' || operation === 'createManyAndReturn') {
    const rows = Array.isArray(args.data) ? args.data : [args.data]
    return { ...args, data: rows.map((row) => ({ ...(row as object), organizationId })) }
  }
  if (operation === 'upsert') {
    return { ...args, where: { ...args.where, organizationId }, create: { ...args.create, organizationId } }
  }
  throw new Error(`operation ${operation} is not supported on an organization-scoped client`)
}

export function scopedDb(db: PrismaClient, organizationId: string) {
  return db.$extends({
    name: 'organization-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          return query(scopeArgs(model, operation, args as Args, organizationId))
        },
      },
    },
  })
}

export type ScopedDb = ReturnType<typeof scopedDb>
