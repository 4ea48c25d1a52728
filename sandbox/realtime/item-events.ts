/**
 * The client events that edit the conversation — `conversation.item.create`, `.truncate`,
 * `.delete`, `.retrieve` — decided against the conversation, returning either the server
 * events to send or an error in OpenAI's shape. Messages and codes follow what the API
 * returns for the same mistakes (e.g. truncating past the audio that was generated:
 * "Audio content of 3700ms is already shorter than 3760ms").
 */
import type { Conversation, WireItem } from './conversation'
import { newId } from './ids'
import type { ConfigError } from './session-config'

export type ItemOutcome = { events: Array<Record<string, unknown>> } | { error: ConfigError | NullCodeError }

/** Some real errors carry `code: null`; `code` is then left out of the error object's meaning. */
export interface NullCodeError {
  code: null
  message: string
  param: null
}

type ClientEvent = Record<string, unknown>

function fail(code: string, param: string, message: string): ItemOutcome {
  return { error: { code, param, message } }
}

export function createItem(conversation: Conversation, event: ClientEvent): ItemOutcome {
  const raw = event.item as Partial<WireItem> | undefined
  if (!raw || typeof raw !== 'object') return fail('missing_required_parameter', 'item', "Missing required parameter: 'item'.")
  const previousItemId = event.previous_item_id as string | undefined
  if (previousItemId !== undefined && previousItemId !== 'root' && !conversation.find(previousItemId)) {
    return fail('item_not_found', 'previous_item_id', `Error adding item: the previous item with id '${previousItemId}' does not exist.`)
  }
  if (raw.id !== undefined && conversation.find(raw.id)) {
    return fail('invalid_value', 'item.id', `Error adding item: an item with id '${raw.id}' already exists.`)
  }
  const item: WireItem = { id: raw.id ?? newId('item'), object: 'realtime.item', type: raw.type ?? 'message', status: 'completed' }
  switch (item.type) {
    case 'message': {
      if (!['user', 'assistant', 'system'].includes(String(raw.role))) {
        return fail('invalid_value', 'item.role', `Invalid value: '${String(raw.role)}'. Supported values are: 'user', 'assistant', and 'system'.`)
      }
      if (!Array.isArray(raw.content)) return fail('missing_required_parameter', 'item.content', "Missing required parameter: 'item.content'.")
      item.role = raw.role
      item.content = raw.content
      break
    }
    case 'function_call_output': {
      // "the server will check that a function_call item with the same ID exists in the conversation history"
      if (typeof raw.call_id !== 'string' || !conversation.hasFunctionCall(raw.call_id)) {
        return fail('invalid_value', 'item.call_id', `Tool call ID '${String(raw.call_id)}' not found in conversation.`)
      }
      item.call_id = raw.call_id
      item.output = String(raw.output ?? '')
      break
    }
    case 'function_call': {
      item.call_id = raw.call_id ?? newId('call')
      item.name = String(raw.name ?? '')
      item.arguments = String(raw.arguments ?? '')
      break
    }
    default:
      return fail('invalid_value', 'item.type', `Invalid value: '${String(raw.type)}'. Supported values are: 'message', 'function_call', and 'function_call_output'.`)
  }
  const previous = conversation.insert({ item, audioMs: 0 }, previousItemId)
  return {
    events: [
      { type: 'conversation.item.added', previous_item_id: previous, item },
      { type: 'conversation.item.done', previous_item_id: previous, item },
    ],
  }
}

export function truncateItem(conversation: Conversation, event: ClientEvent): ItemOutcome {
  const itemId = String(event.item_id)
  const audioEndMs = event.audio_end_ms
  const entry = conversation.find(itemId)
  if (!entry) return fail('item_truncate_invalid_item_id', 'item_id', `Error truncating item: the item with id '${itemId}' does not exist.`)
  const isAssistantAudio =
    entry.item.type === 'message' && entry.item.role === 'assistant' && entry.audioMs > 0
  if (!isAssistantAudio) return { error: { code: null, param: null, message: 'Only model output audio messages can be truncated' } }
  if (event.content_index !== 0) return fail('invalid_value', 'content_index', `Invalid 'content_index': ${String(event.content_index)}. Only content index 0 holds audio.`)
  if (!Number.isInteger(audioEndMs)) return fail('invalid_type', 'audio_end_ms', "Invalid type for 'audio_end_ms': expected an integer.")
  const endMs = audioEndMs as number
  if (endMs < 0) {
    return fail('integer_below_min_value', 'audio_end_ms', `Invalid 'audio_end_ms': integer below minimum value. Expected a value >= 0, but got ${endMs} instead.`)
  }
  if (endMs > entry.audioMs) {
    return fail('invalid_value', 'audio_end_ms', `Audio content of ${Math.round(entry.audioMs)}ms is already shorter than ${endMs}ms`)
  }
  entry.audioMs = endMs
  // "This action will truncate the audio and remove the server-side text transcript to
  // ensure there is no text in the context that hasn't been heard by the user."
  entry.item.content = (entry.item.content ?? []).map((part) => ({ ...part, transcript: '' }))
  return { events: [{ type: 'conversation.item.truncated', item_id: itemId, content_index: 0, audio_end_ms: endMs }] }
}

export function deleteItem(conversation: Conversation, event: ClientEvent): ItemOutcome {
  const itemId = String(event.item_id)
  if (!conversation.delete(itemId)) {
    return fail('item_delete_invalid_item_id', 'item_id', `Error deleting item: the item with id '${itemId}' does not exist.`)
  }
  return { events: [{ type: 'conversation.item.deleted', item_id: itemId }] }
}

export function retrieveItem(conversation: Conversation, event: ClientEvent): ItemOutcome {
  const itemId = String(event.item_id)
  const entry = conversation.find(itemId)
  if (!entry) return fail('item_retrieve_invalid_item_id', 'item_id', `Error retrieving item: the item with id '${itemId}' does not exist.`)
  return { events: [{ type: 'conversation.item.retrieved', item: entry.item }] }
}
