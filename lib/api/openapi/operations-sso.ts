import { totpCodeSchema } from '../../auth/totp/schemas';
import { documentOperations } from './registry';

documentOperations([
  { method: 'get', path: '/api/auth/sso', tag: 'Auth', summary: 'Whether the login page offers single sign-on, and its button label', access: 'public',
    responseExample: { enabled: true, provider: 'entra', label: '', provider_id: 'sso' },
    description: 'Browser sign-in goes through /api/auth/signin/sso; register http(s)://<appliance>/api/auth/callback/sso as the redirect URI at the identity provider.' },
  { method: 'get', path: '/api/auth/totp', tag: 'Two-factor', summary: "The caller's second-factor status", access: 'account:manage',
    responseExample: { enabled: true, pending: false, recovery_codes_left: 9, available: true } },
  { method: 'post', path: '/api/auth/totp/enroll', tag: 'Two-factor', summary: 'Start enrolment: a new secret, otpauth URI and QR code (not in force until confirmed)', access: 'account:manage',
    responseExample: { secret: 'JBSWY3DPEHPK3PXP…', otpauth_uri: 'otpauth://totp/…', qr_code: 'data:image/png;base64,…' } },
  { method: 'post', path: '/api/auth/totp/confirm', tag: 'Two-factor', summary: 'Confirm enrolment with a current code; returns the recovery codes once', access: 'account:manage', body: totpCodeSchema,
    bodyExample: { code: '123456' }, responseExample: { enabled: true, recovery_codes: ['abcde-fghjk', '…'] },
    description: 'From then on POST /api/auth/token needs `totp_code` (a current code or a recovery code) and answers 401 TOTP_REQUIRED without it.' },
  { method: 'post', path: '/api/auth/totp/disable', tag: 'Two-factor', summary: 'Turn the second factor off with a current code or a recovery code', access: 'account:manage', body: totpCodeSchema, bodyExample: { code: '123456' } },
  { method: 'post', path: '/api/users/{id}/totp/reset', tag: 'Users', summary: "Remove a user's second factor (lost device); audited", access: 'users:manage' },
]);
