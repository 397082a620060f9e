import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from './access-token';
import { loginWithPassword, type LoginInput } from './login';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
}

/** Password (and second factor) → a short-lived bearer access token. */
export async function issueAccessToken(input: LoginInput, address: string): Promise<TokenResponse> {
  const user = await loginWithPassword(input, address);
  return { access_token: await signAccessToken(user.id, user.tokenVersion), token_type: 'bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}
