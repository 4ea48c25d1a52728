import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTwilioSandbox, type TwilioSandbox } from '../twilio/index'
import { startMailCatcher, type MailCatcher } from './catcher'

describe('mail catcher', () => {
  let catcher: MailCatcher
  let sandbox: TwilioSandbox

  beforeAll(async () => {
    catcher = await startMailCatcher()
    sandbox = await startTwilioSandbox({ mailbox: catcher.mailbox })
  })
  afterAll(async () => {
    await sandbox.close()
    await catcher.close()
  })

  const send = (mail: nodemailer.SendMailOptions) => nodemailer.createTransport(catcher.url).sendMail({ from: 'HEKAX Phone <no-reply@hekax.test>', ...mail })

  it('keeps what an SMTP client sends and serves it newest first as JSON', async () => {
    await send({ to: 'ada@example.test', subject: 'First', text: 'Plain one', html: '<p>Rich <b>one</b></p>' })
    await send({ to: ['bo@example.test', 'cy@example.test'], subject: 'Second ✓', text: 'Plain two https://app.example/x?token=abc' })

    const response = await fetch(`${sandbox.baseUrl}/sandbox/api/mail`)
    expect(response.headers.get('content-type')).toBe('application/json')
    const messages = await response.json()
    expect(messages).toHaveLength(2)
    expect(messages[0]).toEqual({
      id: expect.any(String),
      from: '"HEKAX Phone" <no-reply@hekax.test>',
      to: ['bo@example.test', 'cy@example.test'],
      subject: 'Second ✓',
      text: 'Plain two https://app.example/x?token=abc\n',
      html: '',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    expect(messages[1]).toMatchObject({ to: ['ada@example.test'], subject: 'First', html: '<p>Rich <b>one</b></p>' })
    expect(await (await fetch(`${sandbox.baseUrl}/sandbox/api/mail/${messages[1].id}`)).json()).toEqual(messages[1])
    expect((await fetch(`${sandbox.baseUrl}/sandbox/api/mail/nope`)).status).toBe(404)
  })

  it('lists the messages on a page and shows each one’s HTML and text, escaped', async () => {
    await send({ to: 'dee@example.test', subject: 'Look <here>', text: 'Text & more', html: '<a href="https://app.example/accept">Accept</a>' })
    const [newest] = await (await fetch(`${sandbox.baseUrl}/sandbox/api/mail`)).json()
    const list = await (await fetch(`${sandbox.baseUrl}/sandbox/mail`)).text()
    expect(list).toContain(`href="/sandbox/mail/${newest.id}">Look &#60;here&#62;</a>`)
    const page = await (await fetch(`${sandbox.baseUrl}/sandbox/mail/${newest.id}`)).text()
    expect(page).toContain('<pre>Text &#38; more</pre>')
    expect(page).toContain('srcdoc="&#60;base target=&#34;_blank&#34;&#62;&#60;a href=&#34;https://app.example/accept&#34;&#62;Accept&#60;/a&#62;"')
    expect(page).toContain('sandbox="allow-popups allow-popups-to-escape-sandbox"')
  })
})
