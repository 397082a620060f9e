import 'server-only';
import { EventEmitter } from 'node:events';
import { globalSingleton } from '../global-singleton';

/** In-process fan-out of a plan's changes to its SSE stream (the view is read fresh by the listener). */
const g = globalSingleton<{ planEvents?: EventEmitter }>('planEvents', () => ({}));
const emitter = (g.planEvents ??= new EventEmitter().setMaxListeners(0));

export function publishPlanChange(planId: string): void {
  emitter.emit(`plan:${planId}`);
}

export function subscribePlan(planId: string, listener: () => void): () => void {
  emitter.on(`plan:${planId}`, listener);
  return () => emitter.off(`plan:${planId}`, listener);
}
