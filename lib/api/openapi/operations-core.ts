import { z } from 'zod';
import { createApiTokenSchema } from '../../auth/api-tokens';
import { loginSchema } from '../../auth/login';
import { publicSettingsSchema } from '../../settings/public-view';
import { settingsUpdateSchema } from '../../settings/update-schema';
import { createUserSchema, updateProfileSchema, updateUserSchema } from '../../users/schemas';
import { documentOperations } from './registry';

const tokenExample = { access_token: 'eyJhbGciOiJIUzI1NiIs…', token_type: 'bearer', expires_in: 3600 };

documentOperations([
  { method: 'post', path: '/api/auth/token', tag: 'Auth', summary: 'Get an access token (form or JSON)', access: 'public', body: loginSchema, form: true, bodyExample: { username: 'admin', password: '…' }, responseExample: tokenExample,
    description: 'curl -X POST http://localhost:8000/api/auth/token -d "username=admin&password=..."' },
  { method: 'post', path: '/api/auth/login', tag: 'Auth', summary: 'Get an access token (JSON)', access: 'public', body: loginSchema, responseExample: tokenExample },
  { method: 'get', path: '/api/auth/me', tag: 'Auth', summary: 'The signed-in user and their permissions', access: 'identity' },
  { method: 'put', path: '/api/auth/me', tag: 'Auth', summary: 'Change own email, language, theme or password', access: 'account:manage', body: updateProfileSchema },
  { method: 'post', path: '/api/auth/logout', tag: 'Auth', summary: "Revoke all of the caller's access tokens and sessions", access: 'account:manage' },
  { method: 'get', path: '/api/tokens', tag: 'API tokens', summary: 'List your API tokens', access: 'tokens:manage' },
  { method: 'post', path: '/api/tokens', tag: 'API tokens', summary: 'Create an API token (the secret is shown once)', access: 'tokens:manage', body: createApiTokenSchema, bodyExample: { name: 'billing-sync', scopes: ['customers:read'], expires_in_days: 90 } },
  { method: 'delete', path: '/api/tokens/{id}', tag: 'API tokens', summary: 'Revoke an API token', access: 'tokens:manage' },
  { method: 'get', path: '/api/users', tag: 'Users', summary: 'List users', access: 'users:manage' },
  { method: 'post', path: '/api/users', tag: 'Users', summary: 'Create a user', access: 'users:manage', body: createUserSchema, bodyExample: { username: 'jane', email: 'jane@msp.example.com', password: 'a-long-password', role: 'operator' } },
  { method: 'get', path: '/api/users/{id}', tag: 'Users', summary: 'Get a user', access: 'users:manage' },
  { method: 'put', path: '/api/users/{id}', tag: 'Users', summary: 'Change a user (a new password revokes their tokens)', access: 'users:manage', body: updateUserSchema },
  { method: 'delete', path: '/api/users/{id}', tag: 'Users', summary: 'Delete a user (never the last active admin)', access: 'users:manage' },
  { method: 'get', path: '/api/settings', tag: 'Settings', summary: 'All settings; secrets only as <key>_set', access: 'settings:read', response: publicSettingsSchema },
  { method: 'put', path: '/api/settings', tag: 'Settings', summary: 'Change settings (partial)', access: 'settings:write', body: settingsUpdateSchema, response: publicSettingsSchema, bodyExample: { base_domain: 'msp.example.com', ssl_mode: 'letsencrypt' } },
  { method: 'get', path: '/api/settings/branding', tag: 'Settings', summary: 'Public branding for the login page', access: 'public' },
  { method: 'get', path: '/api/setup', tag: 'Settings', summary: 'Setup checklist: base domain, tested NPM, Docker, images present or pullable', access: 'settings:read' },
  { method: 'get', path: '/api/health', tag: 'System', summary: 'Health: database, Docker engine, build, restarts and the last exit (memory for signed-in callers)', access: 'public', query: z.object({}) },
]);
