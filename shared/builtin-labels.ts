/**
 * Names the app itself writes into the data in Chinese (the default board columns, the
 * convener's group role): stored as they are, so a board means the same to every desktop and
 * the hub, and shown in English in the English UI. A name a person typed is shown as typed.
 */
export const BUILTIN_LABELS: Readonly<Record<string, { zh: string; en: string }>> = {
  待办: { zh: '待办', en: 'To do' },
  进行中: { zh: '进行中', en: 'In progress' },
  待审核: { zh: '待审核', en: 'In review' },
  已完成: { zh: '已完成', en: 'Done' },
  召集人: { zh: '召集人', en: 'Convener' },
};

export function builtinLabel(text: string, locale: 'zh-CN' | 'en'): string {
  if (locale !== 'en') return text;
  return Object.prototype.hasOwnProperty.call(BUILTIN_LABELS, text) ? BUILTIN_LABELS[text]!.en : text;
}
