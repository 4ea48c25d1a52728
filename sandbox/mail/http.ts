/**
 * The caught mail over HTTP, on the Twilio sandbox's port beside the simulated callers:
 *
 *   GET /sandbox/mail             the messages, newest first (HTML page)
 *   GET /sandbox/mail/{id}        one message: its HTML (in a sandboxed frame) and its text
 *   GET /sandbox/api/mail         JSON array, newest first, of { id, from, to, subject, text, html, date }
 *   GET /sandbox/api/mail/{id}    one message as JSON
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CaughtMail, Mailbox } from './mailbox'

export function handleMailRoutes(req: IncomingMessage, res: ServerResponse, url: URL, mailbox: Mailbox): boolean {
  if (req.method !== 'GET') return false
  const api = url.pathname.match(/^\/sandbox\/api\/mail(?:\/([^/]+))?\/?$/)
  if (api) {
    if (!api[1]) return send(res, 200, 'application/json', JSON.stringify(mailbox.list()))
    const mail = mailbox.get(decodeURIComponent(api[1]))
    return mail ? send(res, 200, 'application/json', JSON.stringify(mail)) : send(res, 404, 'application/json', JSON.stringify({ error: `no message ${api[1]}` }))
  }
  const page = url.pathname.match(/^\/sandbox\/mail(?:\/([^/]+))?\/?$/)
  if (!page) return false
  if (!page[1]) return send(res, 200, 'text/html; charset=utf-8', listPage(mailbox.list()))
  const mail = mailbox.get(decodeURIComponent(page[1]))
  return mail ? send(res, 200, 'text/html; charset=utf-8', messagePage(mail)) : send(res, 404, 'text/html; charset=utf-8', layout('No such message', '<p>It may have been dropped: the sandbox keeps the newest 500.</p>'))
}

function send(res: ServerResponse, status: number, type: string, body: string): true {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
  return true
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)} — sandbox mail</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 1.5rem; color: #1d2433; max-width: 1100px; }
  h1 { font-size: 1.3rem; } table { border-collapse: collapse; width: 100%; }
  td, th { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #eef0f4; vertical-align: top; }
  pre { white-space: pre-wrap; background: #f6f7f9; padding: .75rem; border-radius: 6px; }
  iframe { width: 100%; height: 28rem; border: 1px solid #d5d9e2; border-radius: 6px; } .muted { color: #667085; }
</style></head><body><p><a href="/sandbox">Simulated callers</a> · <a href="/sandbox/mail">Mail</a></p><h1>${escape(title)}</h1>${body}</body></html>`
}

function listPage(messages: CaughtMail[]): string {
  if (messages.length === 0) return layout('Mail', '<p class="muted">No mail yet. Messages the app sends in sandbox mode appear here.</p>')
  const rows = messages
    .map((mail) => `<tr data-testid="mail"><td>${escape(new Date(mail.date).toLocaleString('en-US'))}</td><td>${escape(mail.to.join(', '))}</td><td><a href="/sandbox/mail/${encodeURIComponent(mail.id)}">${escape(mail.subject || '(no subject)')}</a></td></tr>`)
    .join('')
  return layout('Mail', `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows}</tbody></table>`)
}

function messagePage(mail: CaughtMail): string {
  // The HTML part runs in a frame with no scripts and no forms; its links open in a new tab
  // (the app refuses to be framed).
  const html = mail.html
    ? `<h2>HTML</h2><iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="HTML part" srcdoc="${escape(`<base target="_blank">${mail.html}`)}"></iframe>` : '<p class="muted">No HTML part.</p>'
  return layout(
    mail.subject || '(no subject)',
    `<table><tr><th>From</th><td>${escape(mail.from)}</td></tr><tr><th>To</th><td>${escape(mail.to.join(', '))}</td></tr><tr><th>Date</th><td>${escape(mail.date)}</td></tr></table>
${html}<h2>Text</h2><pre>${escape(mail.text)}</pre>`,
  )
}
