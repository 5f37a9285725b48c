/**
 * Keeps a Map used as a cache (insertion order = age) at most `max` entries: past that it drops the
 * oldest quarter in one pass. Dropping the single oldest entry on every insertion looks cheaper
 * but is not: V8's Map leaves a hole per deleted entry until the table is rebuilt, so
 * `keys().next()` walks over every earlier deletion, and a full cache under steady churn spent
 * more time finding its oldest entry than answering (measured in the catalogue's search caches).
 */
export function trimOldest<K, V>(map: Map<K, V>, max: number): void {
  if (map.size <= max) return;
  let drop = map.size - Math.floor((max * 3) / 4);
  for (const key of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(key);
  }
}
