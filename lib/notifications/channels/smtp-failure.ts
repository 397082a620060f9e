import { errorMessage, numberField, stringField } from '../../caught';

/**
 * Our own words for an SMTP failure, for the delivery log: nodemailer's code (EAUTH, ETLS,
 * ESOCKET…), the SMTP reply code, and what went wrong with TLS, read from the local TLS error.
 * Never the server's reply text, a host name from its certificate or a credential.
 */
const TLS_REASONS: [RegExp, string][] = [
  [/self[- ]signed/i, 'the server certificate is not trusted (self-signed)'],
  [/unable to (verify|get local issuer)|certificate chain|unknown ca/i, 'the server certificate is not trusted (unknown issuer)'],
  [/altnames|does not match certificate|hostname\/ip/i, 'the server certificate is for another host name'],
  [/certificate has expired|cert_has_expired/i, 'the server certificate has expired'],
  [/not yet valid/i, 'the server certificate is not valid yet'],
  [/wrong version number|packet length too long|unknown protocol|ssl3_get_record|tls_validate_record_header/i, 'the server does not speak TLS on this port (choose STARTTLS or another port)'],
];

const CODE_REASONS: Record<string, string> = {
  EAUTH: 'the server refused the user name or password',
  ETLS: 'the TLS upgrade (STARTTLS) failed or the server does not offer it',
  ECONNECTION: 'could not connect',
  ETIMEDOUT: 'no answer in time',
  EDNS: 'the host name does not resolve',
  EENVELOPE: 'the server refused the sender or a recipient',
  EMESSAGE: 'the server refused the message',
};

export function describeSmtpFailure(err: unknown): { message: string; responseCode: number | null } {
  const code = stringField(err, 'code') ?? 'error';
  const responseCode = numberField(err, 'responseCode') ?? null;
  const text = errorMessage(err);
  const tls = TLS_REASONS.find(([pattern]) => pattern.test(text))?.[1];
  const reason = tls ?? CODE_REASONS[code];
  return { message: `SMTP ${code}${responseCode ? ` ${responseCode}` : ''}${reason ? `: ${reason}` : ''}`, responseCode };
}
