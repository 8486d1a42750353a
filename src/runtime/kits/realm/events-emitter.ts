/**
 * `@ohos.events.emitter` (also `emitter` of @kit.BasicServicesKit) in the app realm: in-process events by numeric id
 * (`InnerEvent {eventId, priority}`) or by name. `on` / `once` / `off` / `emit` / `getListenerCount`; an emitted event
 * reaches its listeners on a later turn (the platform posts it to the receiving thread's event queue), in
 * subscription order, `once` listeners only the first time. Evaluated from source in the realm (see framework/core.ts).
 */
export function installEventsEmitter(g: any): void {
  const rt = g.__rt;
  const EventPriority = { IMMEDIATE: 0, HIGH: 1, LOW: 2, IDLE: 3 };
  const listeners = new Map<string, Array<{ cb: (d: any) => void; once: boolean }>>();
  const keyOf = (event: any): string => (typeof event === 'string' ? `name:${event}` : typeof event === 'number' ? `id:${event}` : `id:${Number(event?.eventId)}`);
  const add = (event: any, cb: any, once: boolean) => {
    if (typeof cb !== 'function') return;
    const k = keyOf(event);
    listeners.set(k, [...(listeners.get(k) ?? []), { cb, once }]);
  };
  const emitter = {
    EventPriority,
    on: (event: any, cb: any) => add(event, cb, false),
    once: (event: any, cb: any) => add(event, cb, true),
    off: (event: any, cb?: any) => {
      const k = keyOf(event);
      if (typeof cb !== 'function') { listeners.delete(k); return; }
      const left = (listeners.get(k) ?? []).filter((l) => l.cb !== cb);
      if (left.length) listeners.set(k, left); else listeners.delete(k);
    },
    emit: (event: any, a?: any, b?: any) => {
      const k = keyOf(event);
      const data = typeof event === 'string' && b !== undefined ? b : a;
      const now = listeners.get(k) ?? [];
      if (!now.length) return;
      const left = now.filter((l) => !l.once);
      if (left.length) listeners.set(k, left); else listeners.delete(k);
      g.setTimeout(() => { for (const l of now) l.cb(data ?? {}); }, 0);
    },
    getListenerCount: (event: any) => (listeners.get(keyOf(event)) ?? []).length,
  };
  rt.defineModule('@ohos.events.emitter', () => ({ ...emitter, emitter, default: emitter }));
}
