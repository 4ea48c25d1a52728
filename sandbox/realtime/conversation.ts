/**
 * The server-side conversation: the ordered items every response reads (and is billed
 * for), addressed by id for truncate / delete / retrieve. Items are stored in their wire
 * shape (`ConversationItem` in openai's realtime.d.ts) plus how much audio each holds.
 */

export interface WireItem {
  id: string
  object: 'realtime.item'
  type: 'message' | 'function_call' | 'function_call_output'
  status: 'completed' | 'incomplete' | 'in_progress'
  role?: 'user' | 'assistant' | 'system'
  content?: Array<Record<string, unknown>>
  call_id?: string
  name?: string
  arguments?: string
  output?: string
}

export interface StoredItem {
  item: WireItem
  /** Audio the item holds: committed user audio, or assistant audio sent (and kept after truncation). */
  audioMs: number
}

export class Conversation {
  private readonly stored: StoredItem[] = []

  get items(): readonly StoredItem[] {
    return this.stored
  }

  lastItemId(): string | null {
    return this.stored.at(-1)?.item.id ?? null
  }

  find(itemId: string): StoredItem | undefined {
    return this.stored.find((entry) => entry.item.id === itemId)
  }

  /** Appends, or inserts after `previousItemId` ('root' = first); returns the id the new item follows. */
  insert(entry: StoredItem, previousItemId?: string): string | null {
    if (previousItemId === undefined) {
      const previous = this.lastItemId()
      this.stored.push(entry)
      return previous
    }
    if (previousItemId === 'root') {
      this.stored.unshift(entry)
      return null
    }
    const index = this.stored.findIndex((existing) => existing.item.id === previousItemId)
    this.stored.splice(index + 1, 0, entry)
    return previousItemId
  }

  delete(itemId: string): boolean {
    const index = this.stored.findIndex((entry) => entry.item.id === itemId)
    if (index === -1) return false
    this.stored.splice(index, 1)
    return true
  }

  hasFunctionCall(callId: string): boolean {
    return this.stored.some((entry) => entry.item.type === 'function_call' && entry.item.call_id === callId)
  }

  /** What the model would read as text: message text, transcripts, function calls and outputs. */
  text(): string {
    return this.stored.map((entry) => itemText(entry.item)).join('\n')
  }

  audioMs(role: 'user' | 'assistant'): number {
    return this.stored.filter((entry) => entry.item.role === role).reduce((total, entry) => total + entry.audioMs, 0)
  }
}

function itemText(item: WireItem): string {
  if (item.type === 'function_call') return `${item.name ?? ''}(${item.arguments ?? ''})`
  if (item.type === 'function_call_output') return item.output ?? ''
  return (item.content ?? []).map((part) => String(part.text ?? part.transcript ?? '')).join(' ')
}
