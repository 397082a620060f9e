import 'server-only';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { numberField, stringField } from '../../caught';
import { SMTP_SECURITY } from '../schemas';
import type { LoadedChannel } from '../channel-record';
import type { RenderedMessage } from '../render-message';
import { emailContent } from './payloads';
import { DeliveryError, SEND_TIMEOUT_MS, type SendResult } from './post-json';

/** The channel's stored settings (written through channelInputSchema; the password is a sealed secret). */
const smtpConfigSchema = z.object({
  smtp_host: z.string(),
  smtp_port: z.number(),
  smtp_security: z.enum(SMTP_SECURITY),
  smtp_username: z.string().default(''),
  from: z.string(),
  to: z.array(z.string()),
});

/** One message over SMTP: implicit TLS, STARTTLS required, or plain (a relay on the LAN). */
export async function sendEmail(channel: LoadedChannel, message: RenderedMessage): Promise<SendResult> {
  const parsed = smtpConfigSchema.safeParse(channel.config);
  if (!parsed.success) throw new DeliveryError('SMTP settings are incomplete', null);
  const c = parsed.data;
  const transport = nodemailer.createTransport({
    host: c.smtp_host,
    port: c.smtp_port,
    secure: c.smtp_security === 'tls',
    requireTLS: c.smtp_security === 'starttls',
    ignoreTLS: c.smtp_security === 'none',
    auth: c.smtp_username ? { user: c.smtp_username, pass: channel.secrets.smtp_password ?? '' } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  const { subject, text } = emailContent(message);
  try {
    await transport.sendMail({ from: c.from, to: c.to, subject, text, headers: { 'X-NetBird-MSP-Event': message.kind } });
    return { status: 250 };
  } catch (err) {
    // nodemailer's code (EAUTH, ECONNECTION, ETLS…) and the SMTP reply code; not the server's text.
    const code = stringField(err, 'code');
    const responseCode = numberField(err, 'responseCode');
    throw new DeliveryError(`SMTP ${code ?? 'error'}${responseCode ? ` ${responseCode}` : ''}`, responseCode ?? null);
  } finally {
    transport.close();
  }
}
