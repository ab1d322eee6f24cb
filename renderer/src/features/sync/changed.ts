/**
 * The fields of an edit form the person actually changed. Commands that receive
 * only these merge field by field with other people's edits (sync applies them
 * in hub order against the current row); sending the whole form would overwrite
 * fields someone else changed meanwhile with the values this form loaded.
 */
export function changedFields<T extends object>(before: Partial<Record<keyof T, unknown>>, values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(values) as (keyof T)[]) {
    if (JSON.stringify(values[k]) !== JSON.stringify(before[k])) out[k] = values[k];
  }
  return out;
}
