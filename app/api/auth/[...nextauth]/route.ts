import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// Options are built per request (async: they read the SSO settings), so a settings change applies at once.
const handler = async (req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) => NextAuth(await authOptions())(req, ctx);

export { handler as GET, handler as POST };
