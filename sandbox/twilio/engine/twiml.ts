/**
 * TwiML documents → a verb tree, with Twilio's two failure kinds: a body that is not XML
 * (error 12100, "Document parse failure") and XML that is not valid TwiML — wrong root,
 * unknown verb, a noun nested where it may not be (error 12200, "Schema validation warning").
 * Both abort the document; the engine then tries the fallback URL.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'

export interface TwimlNode {
  name: string
  attrs: Record<string, string>
  children: TwimlNode[]
  /** Concatenated text content (for <Say>, <Play>, <Redirect>, <Number>, …). */
  text: string
}

export class TwimlError extends Error {
  constructor(
    readonly code: 12100 | 12200,
    message: string,
  ) {
    super(message)
  }
}

/** What each verb may contain (https://www.twilio.com/docs/voice/twiml, each verb's "Nesting rules"). */
const NESTING: Record<string, readonly string[] | 'ssml'> = {
  Say: 'ssml',
  Play: [],
  Pause: [],
  Gather: ['Say', 'Play', 'Pause'],
  Dial: ['Number', 'Client', 'Queue', 'Conference', 'Sip', 'Application'],
  Record: [],
  Enqueue: [],
  Connect: ['Stream'],
  Redirect: [],
  Hangup: [],
  Reject: [],
  Leave: [],
  Number: [],
  Client: ['Identity', 'Parameter'],
  Identity: [],
  Queue: [],
  Stream: ['Parameter'],
  Parameter: [],
  Conference: [],
  // Valid TwiML the sandbox does not carry out (the runner logs a 12200 warning and skips it).
  Sip: [],
  Application: ['ApplicationSid', 'Parameter'],
  ApplicationSid: [],
  Pay: ['Prompt', 'Parameter'],
  Prompt: ['Say', 'Play', 'Pause'],
  Refer: ['Sip'],
  Start: ['Stream', 'Siprec', 'Transcription'],
  Stop: ['Stream', 'Siprec', 'Transcription'],
  Siprec: ['Parameter'],
  Transcription: ['Parameter'],
}

export const TOP_LEVEL_VERBS = ['Say', 'Play', 'Pause', 'Gather', 'Dial', 'Record', 'Enqueue', 'Connect', 'Redirect', 'Hangup', 'Reject', 'Leave', 'Pay', 'Refer', 'Start', 'Stop'] as const

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: true,
  parseTagValue: false,
  parseAttributeValue: false,
})

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> }

/** Parses a TwiML response body and returns the verbs inside <Response>. */
export function parseTwiml(body: string): TwimlNode[] {
  if (!body.trim()) throw new TwimlError(12100, 'Document parse failure: empty response body')
  const valid = XMLValidator.validate(body)
  if (valid !== true) throw new TwimlError(12100, `Document parse failure: ${valid.err.msg} (line ${valid.err.line})`)
  const roots = (parser.parse(body) as OrderedNode[]).map(toNode).filter((n): n is TwimlNode => n !== null && !n.name.startsWith('?'))
  if (roots.length !== 1 || roots[0].name !== 'Response') {
    throw new TwimlError(12200, `Schema validation warning: the root element must be <Response>, found <${roots[0]?.name ?? 'nothing'}>`)
  }
  for (const verb of roots[0].children) {
    if (!(TOP_LEVEL_VERBS as readonly string[]).includes(verb.name)) {
      throw new TwimlError(12200, `Schema validation warning: <${verb.name}> is not a valid verb inside <Response>`)
    }
    validateNesting(verb)
  }
  return roots[0].children
}

function validateNesting(node: TwimlNode): void {
  const allowed = NESTING[node.name]
  if (allowed === 'ssml') return
  for (const child of node.children) {
    if (!allowed || !allowed.includes(child.name)) {
      throw new TwimlError(12200, `Schema validation warning: <${child.name}> cannot be nested in <${node.name}>`)
    }
    validateNesting(child)
  }
}

function toNode(raw: OrderedNode): TwimlNode | null {
  const name = Object.keys(raw).find((key) => key !== ':@')
  if (!name || name === '#text') return null
  const content = (raw[name] as OrderedNode[]) ?? []
  const children = content.map(toNode).filter((n): n is TwimlNode => n !== null)
  return { name, attrs: raw[':@'] ?? {}, children, text: textOf(content).trim() }
}

function textOf(content: OrderedNode[]): string {
  return content
    .map((item) => ('#text' in item ? String(item['#text']) : Object.entries(item).filter(([k]) => k !== ':@').map(([, v]) => textOf(v as OrderedNode[])).join(' ')))
    .join(' ')
}

/** Resolves an action/Redirect URL against the URL of the document it came from (Twilio allows relative URLs). */
export function resolveUrl(target: string, documentUrl: string): string {
  return new URL(target, documentUrl).toString()
}

export function intAttr(node: TwimlNode, name: string, fallback: number): number {
  const raw = node.attrs[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  return Number.isFinite(value) ? value : fallback
}

export function boolAttr(node: TwimlNode, name: string, fallback: boolean): boolean {
  const raw = node.attrs[name]
  if (raw === undefined) return fallback
  return raw === 'true'
}

export function methodAttr(node: TwimlNode, name = 'method'): 'GET' | 'POST' {
  return node.attrs[name]?.toUpperCase() === 'GET' ? 'GET' : 'POST'
}
