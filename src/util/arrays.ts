/** Appends `items` to `list` one by one: `list.push(...items)` passes every item as an argument and overflows the
 *  stack past ~100,000 items (a source of 200,000 stray tokens has as many syntax errors). */
export function appendAll<T>(list: T[], items: Iterable<T>): T[] {
  for (const item of items) list.push(item);
  return list;
}
