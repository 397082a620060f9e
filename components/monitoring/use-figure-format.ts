'use client';

import { useFormatter } from 'next-intl';

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Bytes, percentages and durations in the user's locale (decimal units, as the labels say). */
export function useFigureFormat() {
  const format = useFormatter();
  return {
    bytes(value: number | null | undefined): string {
      if (value === null || value === undefined) return '–';
      let n = value;
      let unit = 0;
      while (n >= 1000 && unit < UNITS.length - 1) {
        n /= 1000;
        unit++;
      }
      return format.number(n, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: n < 10 && unit > 0 ? 1 : 0 });
    },
    percent(value: number | null | undefined, digits = 1): string {
      if (value === null || value === undefined) return '–';
      return format.number(value / 100, { style: 'percent', maximumFractionDigits: digits });
    },
    number(value: number, digits = 2): string {
      return format.number(value, { maximumFractionDigits: digits });
    },
    /** Uptime as days and hours: "3 d 4 h" is what an operator scans for. */
    duration(seconds: number): string {
      const days = Math.floor(seconds / 86400);
      const hours = Math.floor((seconds % 86400) / 3600);
      const minutes = Math.floor((seconds % 3600) / 60);
      const part = (n: number, unit: 'day' | 'hour' | 'minute') => format.number(n, { style: 'unit', unit, unitDisplay: 'narrow' });
      if (days) return `${part(days, 'day')} ${part(hours, 'hour')}`;
      if (hours) return `${part(hours, 'hour')} ${part(minutes, 'minute')}`;
      return part(minutes, 'minute');
    },
  };
}
