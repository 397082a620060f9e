import type { Engine } from '../docker/types';
import type { EventSubscription } from '../docker/events';

/** A Docker event stream and the engine object it was opened on. */
export interface EngineStream {
  engine: Engine;
  sub: EventSubscription;
}

/**
 * Brings the event streams in line with the engines there are now: one per engine. An engine
 * replaced under the same id (its endpoint or credentials changed, so lib/docker made a new
 * client) gets a new stream, since the old one would keep following the old connection; a
 * removed engine's stream is closed.
 */
export function followEngines(streams: Map<string, EngineStream>, engines: Engine[], open: (engine: Engine) => EventSubscription): void {
  for (const engine of engines) {
    const current = streams.get(engine.id);
    if (current?.engine === engine) continue;
    current?.sub.close();
    streams.set(engine.id, { engine, sub: open(engine) });
  }
  for (const [id, { sub }] of streams) {
    if (engines.some((e) => e.id === id)) continue;
    sub.close();
    streams.delete(id);
  }
}
