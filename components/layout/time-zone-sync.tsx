'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { TIME_ZONE_COOKIE } from '@/lib/i18n/time-zone';

/** Tells the server the browser's time zone once, so dates render in local time on both sides. */
export function TimeZoneSync() {
  const router = useRouter();
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const current = document.cookie.split('; ').find((c) => c.startsWith(`${TIME_ZONE_COOKIE}=`))?.split('=')[1];
    // No cookie means UTC on the server: nothing to do for a browser in UTC.
    if (!zone || decodeURIComponent(current ?? 'UTC') === zone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
    router.refresh();
  }, [router]);
  return null;
}
