import 'server-only';
import nodemailer from 'nodemailer';
import type { LoadedChannel } from '../channel-record';
import type { RenderedMessage } from '../render-message';
import { emailContent } from './payloads';
import { DeliveryError, SEND_TIMEOUT_MS, type SendResult } from './post-json';

interface SmtpConfig {
  smtp_host: string;
  smtp_port: number;
  smtp_security: 'starttls' | 'tls' | 'none';
  smtp_username: string;
  from: string;
  to: string[];
}

/** One message over SMTP: implicit TLS, STARTTLS required, or plain (a relay on the LAN). */
export async function sendEmail(channel: LoadedChannel, message: RenderedMessage): Promise<SendResult> {
  const c = channel.config as unknown as SmtpConfig;
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
    const e = err as { code?: string; responseCode?: number };
    // nodemailer's code (EAUTH, ECONNECTION, ETLS…) and the SMTP reply code; not the server's text.
    throw new DeliveryError(`SMTP ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}`, e.responseCode ?? null);
  } finally {
    transport.close();
  }
}
