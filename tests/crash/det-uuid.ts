/**
 * Stands in for the `uuid` package in the crash child (esbuild alias): ids come
 * from a counter, so a replay of the same commands builds the very same rows.
 * Shaped like UUIDv7 (version 7, RFC variant) so the contract accepts them.
 */
let counter = 0;

export function v7(): string {
  counter += 1;
  const h = counter.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7000-8000-c0ffee000000`;
}
