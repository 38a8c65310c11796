// Supabase Auth's emails (recovery, invite). Hosted sends them through SMTP and the CLI's
// stack catches them in Inbucket; the stand-in writes each one to a file in a local outbox
// (.local/mail by default) that the developer opens, and tests read.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

export type MailKind = 'recovery' | 'invite'

export interface Mail {
  kind: MailKind
  to: string
  subject: string
  /** The one-time code the email carries, also in the text. */
  otp: string
  /** The link that verifies the code, as {{ .ConfirmationURL }}. */
  link: string
  text: string
}

export interface Mailer {
  send(mail: Mail): Promise<void>
}

/** The Supabase CLI's default templates, in text. */
export function composeMail(kind: MailKind, to: string, otp: string, link: string): Mail {
  const [subject, action] =
    kind === 'recovery'
      ? ['Reset Your Password', 'Follow this link to reset the password for your user:']
      : [
          'You have been invited',
          'You have been invited to create a user. Follow this link to accept the invite:',
        ]
  return {
    kind,
    to,
    subject,
    otp,
    link,
    text: `${action}\n${link}\n\nAlternatively, enter the code: ${otp}\n`,
  }
}

/** Writes `<time>-<kind>-<to>.eml`, one file per email, and logs where. */
export function fileOutbox(dir: string, log: (line: string) => void): Mailer {
  return {
    async send(mail) {
      await mkdir(dir, { recursive: true })
      const stamp = new Date().toISOString().replaceAll(':', '-')
      const file = path.join(dir, `${stamp}-${mail.kind}-${mail.to.replace(/[^\w.@-]/g, '_')}.eml`)
      const headers = [
        'From: Outpost local auth <noreply@outpost.local>',
        `To: ${mail.to}`,
        `Subject: ${mail.subject}`,
        `Date: ${new Date().toUTCString()}`,
        `X-Outpost-Kind: ${mail.kind}`,
        `X-Outpost-Otp: ${mail.otp}`,
        'Content-Type: text/plain; charset=utf-8',
      ]
      await writeFile(file, `${headers.join('\r\n')}\r\n\r\n${mail.text}`, { mode: 0o600 })
      log(`auth: mail "${mail.subject}" to ${mail.to}: ${file}`)
    },
  }
}
