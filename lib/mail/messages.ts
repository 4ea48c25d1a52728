// The mails the app sends, as pure functions of what they say: a subject, a plain-text body and
// the same in HTML. Links are absolute (built from PUBLIC_URL by the caller).

export interface MailContent {
  subject: string
  text: string
  html: string
}

interface Draft {
  subject: string
  paragraphs: string[]
  action?: { label: string; url: string }
  footer?: string
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function compose({ subject, paragraphs, action, footer }: Draft): MailContent {
  const text = [...paragraphs, ...(action ? [`${action.label}: ${action.url}`] : []), ...(footer ? [footer] : []), '— HEKAX Phone'].join('\n\n')
  const html = [
    '<div style="font-family:system-ui,sans-serif;font-size:15px;color:#1d2433;max-width:560px">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    action
      ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#2563eb;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(action.label)}</a></p><p style="font-size:13px;color:#667085">Or open this link: ${escapeHtml(action.url)}</p>`
      : '',
    footer ? `<p style="font-size:13px;color:#667085">${escapeHtml(footer)}</p>` : '',
    '<p>— HEKAX Phone</p></div>',
  ].join('')
  return { subject, text, html }
}

const NOT_YOU = 'If you did not ask for this, you can ignore this email.'

export function verifyEmailMail(input: { name: string; organizationName: string; url: string; validHours: number }): MailContent {
  return compose({
    subject: 'Confirm your email to finish setting up HEKAX Phone',
    paragraphs: [`Hi ${input.name},`, `Confirm your email address to create ${input.organizationName}’s phone system. The link works once, for ${input.validHours} hours.`],
    action: { label: 'Confirm my email', url: input.url },
    footer: NOT_YOU,
  })
}

export function signupExistingAccountMail(input: { signInUrl: string; resetUrl: string }): MailContent {
  return compose({
    subject: 'You already have a HEKAX Phone account',
    paragraphs: ['Someone, probably you, tried to create a HEKAX Phone account with this email address. It already has an account, so nothing new was created.', 'Sign in instead; if you forgot your password, you can reset it.'],
    action: { label: 'Sign in', url: input.signInUrl },
    footer: `Forgot your password? ${input.resetUrl}. ${NOT_YOU}`,
  })
}

export function passwordResetMail(input: { name: string; url: string; validMinutes: number }): MailContent {
  return compose({
    subject: 'Reset your HEKAX Phone password',
    paragraphs: [`Hi ${input.name},`, `Choose a new password with the link below. It works once, for ${input.validMinutes} minutes, and signs you out everywhere else.`],
    action: { label: 'Choose a new password', url: input.url },
    footer: NOT_YOU,
  })
}

export function passwordResetNoAccountMail(input: { signUpUrl: string }): MailContent {
  return compose({
    subject: 'Password reset requested for HEKAX Phone',
    paragraphs: ['Someone, probably you, asked to reset the HEKAX Phone password for this email address, but it has no account.', 'If you meant to create one, you can sign up.'],
    action: { label: 'Create an account', url: input.signUpUrl },
    footer: NOT_YOU,
  })
}

export function invitationMail(input: { inviterName: string; organizationName: string; role: string; url: string; validDays: number }): MailContent {
  return compose({
    subject: `${input.inviterName} invited you to ${input.organizationName} on HEKAX Phone`,
    paragraphs: [`${input.inviterName} invited you to join ${input.organizationName} on HEKAX Phone as ${input.role === 'ADMIN' ? 'an admin' : 'an agent'}.`, `Choose your password to accept. The link works once, for ${input.validDays} days.`],
    action: { label: 'Accept the invitation', url: input.url },
    footer: NOT_YOU,
  })
}

export function invitationExistingAccountMail(input: { inviterName: string; organizationName: string; signInUrl: string }): MailContent {
  return compose({
    subject: `${input.inviterName} invited you to ${input.organizationName} on HEKAX Phone`,
    paragraphs: [
      `${input.inviterName} invited you to join ${input.organizationName} on HEKAX Phone, but this email address already has an account, and an account belongs to one organization.`,
      `Ask ${input.inviterName} to invite another address of yours, or sign in to the account you have.`,
    ],
    action: { label: 'Sign in', url: input.signInUrl },
  })
}
