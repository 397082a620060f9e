'use client';

import { useLocale } from 'next-intl';
import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  color: string;
  /** Series on the same scale share an axis: the first scale is drawn left, a second one right. */
  scale: string;
  /** `digits` is set for axis ticks, so a 0.01–0.05 % range does not read 0 %, 0 %, 0 %. */
  format: (value: number, digits?: number) => string;
}

interface Props {
  /** Seconds since the epoch, oldest first. */
  times: number[];
  values: (number | null)[][];
  series: ChartSeries[];
  /** Fixed range of a scale, e.g. 0–100 for percentages. */
  ranges?: Record<string, [number, number]>;
  height?: number;
  label: string;
  /** The legend's name for the time column. */
  timeLabel: string;
  /** The x axis always spans at least this many seconds back from the newest point. */
  windowSeconds: number;
  testId: string;
}

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function buildOptions(props: Props, width: number, locale: string): uPlot.Options {
  const text = cssVar('--bs-secondary-color', '#6c757d');
  const grid = cssVar('--bs-border-color-translucent', 'rgba(0,0,0,0.1)');
  const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const scales = [...new Set(props.series.map((s) => s.scale))];
  const axes: uPlot.Axis[] = [
    { stroke: text, grid: { stroke: grid }, ticks: { stroke: grid }, values: (_u, splits) => splits.map((s) => clock.format(new Date(s * 1000))) },
    ...scales.map((scale, i): uPlot.Axis => {
      const first = props.series.find((s) => s.scale === scale);
      const digitsFor = (incr: number) => (incr >= 1 || incr <= 0 ? 0 : Math.min(4, Math.ceil(-Math.log10(incr))));
      return { scale, side: i === 0 ? 3 : 1, stroke: text, grid: { show: i === 0, stroke: grid }, ticks: { stroke: grid }, size: 70, values: (_u, splits, _axis, _space, incr) => splits.map((v) => first?.format(v, digitsFor(incr)) ?? String(v)) };
    }),
  ];
  // A fixed window: an hour's chart that shows five minutes stretched across it would mislead.
  const scaleOpts: uPlot.Scales = { x: { time: true, range: (_u, min, max) => [Math.min(min, max - props.windowSeconds), max] } };
  for (const scale of scales) {
    const range = props.ranges?.[scale];
    scaleOpts[scale] = range ? { range } : { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : 1] };
  }
  return {
    width,
    height: props.height ?? 220,
    scales: scaleOpts,
    axes,
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: props.timeLabel, value: (_u, v) => (v === null ? '–' : clock.format(new Date(v * 1000))) },
      ...props.series.map((s): uPlot.Series => ({ label: s.label, stroke: s.color, fill: `${s.color}22`, width: 2, scale: s.scale, spanGaps: false, value: (_u, v) => (v === null ? '–' : s.format(v)) })),
    ],
  };
}

/** A time-series chart drawn with uPlot, created in the browser only (it needs a canvas). */
export function UsageChart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const locale = useLocale();
  const latest = useRef(props);
  latest.current = props;
  const shape = props.series.map((s) => `${s.label}:${s.scale}`).join('|');

  // (Re)build when the series or language change; data changes only call setData below.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (disposed) return;
      const p = latest.current;
      plot.current = new UPlot(buildOptions(p, el.clientWidth || 600, locale), [p.times, ...p.values], el);
      observer = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: p.height ?? 220 }));
      observer.observe(el);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, locale]);

  useEffect(() => {
    plot.current?.setData([props.times, ...props.values]);
  }, [props.times, props.values]);

  return <div ref={box} role="img" aria-label={props.label} data-testid={props.testId} data-points={props.times.length} className="w-100" />;
}
