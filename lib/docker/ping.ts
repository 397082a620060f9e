import Docker from 'dockerode';

/** Engine reachability for the health endpoint, bounded to 2 s so a dead engine never stalls it. */
export async function pingDocker(timeoutMs = 2000): Promise<{ reachable: boolean; version?: string; error?: string }> {
  const docker = new Docker();
  try {
    const version = await Promise.race([
      docker.version(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Docker engine did not answer in time')), timeoutMs).unref()),
    ]);
    return { reachable: true, version: version.Version };
  } catch (err) {
    return { reachable: false, error: err instanceof Error ? err.message : 'unreachable' };
  }
}
