import type { useFormatter } from 'next-intl';

type Formatter = ReturnType<typeof useFormatter>;

// Docker counts in powers of 1024; the IEC symbols say so (Intl only knows the 1000-based kB/MB), and they read the same in every language.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in the largest fitting binary unit, the number in the user's locale. */
export function formatBytes(format: Formatter, bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${format.number(value, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${UNITS[unit]}`;
}
