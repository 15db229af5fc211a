/** Settles after one turn of the event loop: the I/O and timers that are ready run first. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
