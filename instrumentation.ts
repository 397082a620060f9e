/** Runs once when the server starts: the peer-address stamp, migrations, first admin, background services. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // First: the client address of every request comes from its socket (lib/http/peer-address.ts).
  const { recordPeerAddresses } = await import('./lib/http/peer-address');
  recordPeerAddresses();
  const { startServices } = await import('./lib/services');
  await startServices();
  // Then the hot read-only routes the server entry answers without Next.js's routing.
  const { registerDirectRoutes } = await import('./app/api/direct-routes');
  registerDirectRoutes();
}
