/** The client's address as the proxy in front of us reports it, else "unknown". */
export function clientAddressFromHeaders(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0].trim().slice(0, 64);
  return headers.get('x-real-ip')?.slice(0, 64) ?? 'unknown';
}
