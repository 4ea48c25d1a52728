import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

// The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served over the Postgres
// wire protocol, so the app reaches it through the same driver it uses for a real PostgreSQL.
// All connections share one PGlite backend session, so the app must not rely on session state.

export interface EmbeddedDatabase {
  url: string
  port: number
  stop(): Promise<void>
}

export interface EmbeddedOptions {
  /** Data folder; omitted, the database lives in memory (tests). */
  dir?: string
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** Above the sum of every client's pool size. */
  maxConnections?: number
}

export async function startEmbeddedDatabase(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const host = options.host ?? '127.0.0.1'
  if (options.dir) mkdirSync(path.dirname(path.resolve(options.dir)), { recursive: true })
  let db: PGlite
  try {
    db = await PGlite.create(options.dir ? path.resolve(options.dir) : undefined)
  } catch (error) {
    throw new Error(`Could not open the embedded database in ${options.dir ?? 'memory'}: ${(error as Error).message}. Is another dev process using it?`)
  }
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: options.maxConnections ?? 100 })
  try {
    await server.start()
  } catch (error) {
    await db.close()
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${options.port} is in use (set EMBEDDED_DB_PORT)` : (error as Error).message
    throw new Error(`Could not serve the embedded database: ${reason}`)
  }
  const port = Number(new URL(`postgresql://${server.getServerConn()}`).port)
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres`,
    port,
    async stop() {
      await server.stop()
      // Closing PGlite flushes its data folder.
      await db.close()
    },
  }
}
