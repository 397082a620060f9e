/** Runs once when the server starts: migrations, first admin, background services. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServices } = await import('./lib/services');
  await startServices();
}
