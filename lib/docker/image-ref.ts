/** The registry host of an image reference: the first path part when it looks like a host, else Docker Hub. */
export function registryOf(image: string): string {
  const first = image.split('/')[0];
  const hasHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return hasHost ? first : 'docker.io';
}
