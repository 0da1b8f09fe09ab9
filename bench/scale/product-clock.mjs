/**
 * Preloaded into the product process by the scale benchmark (`node --import ./bench/scale/product-clock.mjs
 * dist/node.js`): the process's wall clock, moved on by the benchmark over the IPC channel — as if the machine's
 * clock were set ahead — so a simulated day passes for Carryover and the standalone sandbox together. Carryover
 * itself is unchanged: it reads `new Date()` as in production; only `Date` (and `Date.now()`) run ahead by an offset
 * that only grows. Timers (`setTimeout`, the tick interval) keep real time.
 *
 * Messages: `{ id, advanceMs }` → answered `{ id, nowMs }` once applied. Plain JavaScript, not TypeScript: Node's
 * own type stripping would load a WebAssembly compiler into the process and inflate the RSS being measured.
 */

const RealDate = Date;
let offsetMs = 0;
const now = () => RealDate.now() + offsetMs;

globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget);
  },
  apply() {
    // `Date()` called as a function: now, as a string.
    return new RealDate(now()).toString();
  },
  get(target, property, receiver) {
    if (property === 'now') return now;
    return Reflect.get(target, property, receiver);
  },
});

if (process.send) {
  process.on('message', (message) => {
    if (typeof message?.advanceMs === 'number' && message.advanceMs >= 0) offsetMs += message.advanceMs;
    process.send?.({ id: message?.id, nowMs: now() });
  });
  // The channel must not keep the service alive on its own: SIGTERM ends it as in production.
  process.channel?.unref();
}
