import { NextResponse, type NextRequest } from 'next/server';
import { newNonce, pageContentSecurityPolicy } from './lib/http/content-security-policy';

/**
 * Every page gets a fresh nonce and the Content-Security-Policy that names it. Next.js reads the
 * policy from the request headers and puts the nonce on the scripts it renders; the browser gets
 * the same policy on the response. API routes answer JSON (and /api/docs sets its own policy).
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
