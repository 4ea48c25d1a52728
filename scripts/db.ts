// The database CLI (Prisma Migrate's commands, offline):
//   tsx scripts/db.ts new <name>   write a migration for what schema.prisma adds to the history
//   tsx scripts/db.ts deploy       apply pending migrations to DATABASE_URL (or the embedded database)
//   tsx scripts/db.ts drift        exit 0 when the history builds schema.prisma, 2 (with the SQL) when not
import { parseConfig } from '@/lib/config/env'
import { startEmbeddedDatabase } from '@/lib/db/embedded'
import { applyMigrations } from '@/lib/db/migrations'
import { createMigration, diffMigrationsAgainstSchema } from '@/lib/db/schema-engine'

const [command, name] = process.argv.slice(2)

async function deploy() {
  const config = parseConfig(process.env)
  if (config.database.kind === 'postgres') return applyMigrations(config.database.url)
  const embedded = await startEmbeddedDatabase({ dir: config.database.dir })
  try {
    return await applyMigrations(embedded.url)
  } finally {
    await embedded.stop()
  }
}

switch (command) {
  case 'new': {
    if (!name) throw new Error('usage: npm run db:new-migration -- <name>')
    const folder = await createMigration(name)
    console.log(folder ? `created prisma/migrations/${folder}/migration.sql` : 'schema.prisma and the migrations agree: nothing to create')
    break
  }
  case 'deploy': {
    const applied = await deploy()
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'no pending migrations')
    break
  }
  case 'drift': {
    const diff = await diffMigrationsAgainstSchema()
    if (!diff.inSync) {
      console.error('schema.prisma differs from what the migrations build; run `npm run db:new-migration -- <name>`:\n')
      console.error(diff.sql)
      process.exit(2)
    }
    console.log('no drift')
    break
  }
  default:
    console.error('usage: tsx scripts/db.ts new <name> | deploy | drift')
    process.exit(1)
}
