import { randomUUID } from 'node:crypto'

/** A message as the catcher received it; `to` holds the SMTP envelope's recipients. */
export interface CaughtMail {
  id: string
  from: string
  to: string[]
  subject: string
  text: string
  html: string
  date: string
}

// Kept in memory like the rest of the sandbox; the oldest go first so a long dev session
// cannot grow without bound.
const CAPACITY = 500

export class Mailbox {
  private readonly messages: CaughtMail[] = []

  add(mail: Omit<CaughtMail, 'id'>): CaughtMail {
    const caught = { id: randomUUID(), ...mail }
    this.messages.push(caught)
    if (this.messages.length > CAPACITY) this.messages.shift()
    return caught
  }

  /** Newest first. */
  list(): CaughtMail[] {
    return [...this.messages].reverse()
  }

  get(id: string): CaughtMail | undefined {
    return this.messages.find((mail) => mail.id === id)
  }
}
