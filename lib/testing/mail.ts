import { afterAll, beforeAll } from 'vitest'
import { smtpMailer, type Mailer } from '@/lib/mail/mailer'
import { startMailCatcher, type MailCatcher } from '@/sandbox/mail/catcher'
import type { CaughtMail } from '@/sandbox/mail/mailbox'

export const TEST_PUBLIC_URL = 'https://phone.example.test'

/** The sandbox's mail catcher for one test file, with the app's real SMTP mailer pointed at it. */
export function testMail() {
  let catcher: MailCatcher
  let smtp: Mailer
  beforeAll(async () => {
    catcher = await startMailCatcher()
    smtp = smtpMailer(catcher.url, 'HEKAX Phone <no-reply@hekax.test>')
  })
  afterAll(() => catcher.close())
  return {
    mailer: { send: (to, content) => smtp.send(to, content) } satisfies Mailer,
    /** The newest message to an address. */
    latestTo(address: string): CaughtMail {
      const mail = catcher.mailbox.list().find((message) => message.to.includes(address.toLowerCase()))
      if (!mail) throw new Error(`no mail to ${address}`)
      return mail
    },
    countTo: (address: string) => catcher.mailbox.list().filter((message) => message.to.includes(address.toLowerCase())).length,
  }
}

/** The first link to this app in a mail's text, and its token. */
export function appLink(mail: CaughtMail): { url: string; token: string } {
  const url = mail.text.match(new RegExp(`${TEST_PUBLIC_URL.replace(/\./g, '\\.')}\\S+`))?.[0]
  if (!url) throw new Error(`no app link in "${mail.subject}"`)
  return { url, token: new URL(url).searchParams.get('token') ?? '' }
}
