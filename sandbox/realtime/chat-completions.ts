/**
 * `POST /v1/chat/completions` for the stand-in: enough of OpenAI's Chat Completions API for a
 * structured-output request (https://platform.openai.com/docs/api-reference/chat/create,
 * `response_format: { type: 'json_schema', json_schema: { name, strict, schema } }`, see
 * https://platform.openai.com/docs/guides/structured-outputs). The stand-in cannot understand
 * text, so its "model" is deterministic and reads the conversation as a call transcript, one
 * `Speaker: words` line per turn in the last user message. The party who speaks first is the one
 * answering the phone; the answer fills the requested schema's string properties, in order, with
 * the other party's first line, the answerer's last line, then the other party's last line.
 * Numbers are 0, booleans false, enums their first value. Without a schema the answer is those
 * lines as text. The response is the API's `chat.completion` object.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes } from 'node:crypto'

interface ChatRequest {
  model?: unknown
  messages?: unknown
  response_format?: { type?: string; json_schema?: { name?: string; schema?: JsonSchema } }
}

interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  enum?: unknown[]
}

type Lines = { answerer: string[]; other: string[] }

/** Handles the request when it is a chat completion; false leaves it to the caller. */
export async function handleChatCompletion(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (request.method !== 'POST' || new URL(request.url ?? '/', 'https://stand-in').pathname !== '/v1/chat/completions') return false
  let body: ChatRequest
  try {
    body = JSON.parse(await readBody(request)) as ChatRequest
  } catch {
    send(response, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error', null, null))
    return true
  }
  if (typeof body.model !== 'string' || !body.model) {
    send(response, 400, apiError("Missing required parameter: 'model'.", 'invalid_request_error', 'model', 'missing_required_parameter'))
    return true
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    send(response, 400, apiError("Missing required parameter: 'messages'.", 'invalid_request_error', 'messages', 'missing_required_parameter'))
    return true
  }
  const lines = transcriptLines(lastUserText(body.messages))
  const format = body.response_format
  const content = format?.type === 'json_schema' && format.json_schema?.schema ? JSON.stringify(fill(format.json_schema.schema, picks(lines))) : picks(lines).join('\n')
  const promptTokens = Math.ceil(JSON.stringify(body.messages).length / 4)
  const completionTokens = Math.ceil(content.length / 4)
  send(response, 200, {
    id: `chatcmpl-${randomBytes(15).toString('base64url')}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    service_tier: 'default',
    system_fingerprint: 'fp_standin',
  })
  return true
}

function lastUserText(messages: unknown[]): string {
  const user = [...messages].reverse().find((message): message is { role: string; content: unknown } => typeof message === 'object' && message !== null && (message as { role?: unknown }).role === 'user')
  if (!user) return ''
  if (typeof user.content === 'string') return user.content
  // Content parts: only the text ones are read.
  return Array.isArray(user.content) ? user.content.map((part: { type?: string; text?: string }) => (part.type === 'text' ? (part.text ?? '') : '')).join('\n') : ''
}

function transcriptLines(text: string): Lines {
  const turns = text
    .split('\n')
    .map((line) => /^([^:]{1,40}):\s*(.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, speaker, words]) => ({ speaker: speaker.trim(), words: words.trim() }))
  const answerer = turns[0]?.speaker
  return {
    answerer: turns.filter((turn) => turn.speaker === answerer).map((turn) => turn.words),
    other: turns.filter((turn) => turn.speaker !== answerer).map((turn) => turn.words),
  }
}

/** The other party's first line, the answerer's last line, the other party's last line. */
function picks({ answerer, other }: Lines): string[] {
  const nothing = 'Nothing was said.'
  return [other[0] ?? nothing, answerer.at(-1) ?? nothing, other.at(-1) ?? nothing]
}

function fill(schema: JsonSchema, strings: string[], next = { index: 0 }): unknown {
  if (schema.enum?.length) return schema.enum[0]
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'null') : schema.type
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => [name, fill(property, strings, next)]))
    case 'array':
      return schema.items ? [fill(schema.items, strings, next)] : []
    case 'string':
      return strings[Math.min(next.index++, strings.length - 1)]
    case 'number':
    case 'integer':
      return 0
    case 'boolean':
      return false
    default:
      return null
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}

function apiError(message: string, type: string, param: string | null, code: string | null) {
  return { error: { message, type, param, code } }
}
