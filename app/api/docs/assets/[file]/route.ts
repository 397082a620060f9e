import fs from 'node:fs/promises';
import path from 'node:path';

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs', deepLinking: true, persistAuthorization: true, withCredentials: true });`;

const FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

/** Serves the two Swagger UI files from the installed package; nothing is loaded from the internet. */
export async function GET(_req: Request, ctx: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await ctx.params;
  if (file === 'init.js') return new Response(INIT, { headers: { 'Content-Type': 'application/javascript; charset=utf-8' } });
  const type = FILES[file];
  if (!type) return new Response('Not found', { status: 404 });
  const body = await fs.readFile(path.join(process.cwd(), 'node_modules', 'swagger-ui-dist', file));
  return new Response(body, { headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' } });
}
