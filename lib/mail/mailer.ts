import nodemailer from 'nodemailer'
import { config } from '@/lib/config/env'
import type { MailContent } from './messages'

// One SMTP client for both modes: production's SMTP_URL, or the sandbox's mail catcher
// (sandbox/mail/catcher.ts) — only the host and port differ.

export interface Mailer {
  send(to: string, content: MailContent): Promise<void>
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl)
  return {
    async send(to, content) {
      await transport.sendMail({ from, to, subject: content.subject, text: content.text, html: content.html })
    },
  }
}

let shared: Mailer | undefined

export function mailer(): Mailer {
  const { smtpUrl, from } = config().mail
  shared ??= smtpMailer(smtpUrl, from)
  return shared
}
