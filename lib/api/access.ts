import type { Permission } from '../auth/permissions';

/**
 * What a route needs: a permission (a role's, or an API token's scope), `public`, or `identity`
 * (any signed-in caller, for reading who one is: GET /api/auth/me). Everything that changes
 * something names a permission, so an API token can never do more than its scopes. Pure: the
 * route wrapper and the OpenAPI document share it.
 */
export type Access = Permission | 'public' | 'identity';
