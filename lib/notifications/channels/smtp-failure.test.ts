import { describe, expect, it } from 'vitest';
import { describeSmtpFailure } from './smtp-failure';

/** nodemailer errors as it makes them: the original Error with `code` (and `responseCode`) set on it. */
function nodemailerError(message: string, code: string, responseCode?: number): Error {
  return Object.assign(new Error(message), { code, ...(responseCode ? { responseCode } : {}) });
}

describe('describeSmtpFailure', () => {
  it('names what is wrong with the certificate without repeating its names', () => {
    const wrongName = describeSmtpFailure(nodemailerError("Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: mail.secret-internal.example", 'ESOCKET'));
    expect(wrongName).toEqual({ message: 'SMTP ESOCKET: the server certificate is for another host name', responseCode: null });
    expect(describeSmtpFailure(nodemailerError('Error initiating TLS - self-signed certificate', 'ETLS')).message).toBe('SMTP ETLS: the server certificate is not trusted (self-signed)');
    expect(describeSmtpFailure(nodemailerError('unable to verify the first certificate', 'ESOCKET')).message).toBe('SMTP ESOCKET: the server certificate is not trusted (unknown issuer)');
    expect(describeSmtpFailure(nodemailerError('certificate has expired', 'ESOCKET')).message).toBe('SMTP ESOCKET: the server certificate has expired');
  });

  it("gives the code and reply code but never the server's text", () => {
    const refused = describeSmtpFailure(nodemailerError('Invalid login: 535 5.7.8 user alerts@corp password hunter2 rejected', 'EAUTH', 535));
    expect(refused).toEqual({ message: 'SMTP EAUTH 535: the server refused the user name or password', responseCode: 535 });
    expect(refused.message).not.toMatch(/hunter2|alerts@corp/);
    expect(describeSmtpFailure('not an error').message).toBe('SMTP error');
  });
});
