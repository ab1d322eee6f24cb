import { Select, Space, Spin, Tag } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Person, Team } from '../../../shared/contract';
import { ROLE_LABELS } from '../../../shared/domain';
import { searchPeople } from '../../../shared/people-search';
import { usePeopleDirectory } from '../features/people/directory';
import { useLocaleStore } from '../i18n';

interface Props {
  value?: string | null;
  onChange?: (id: string, person: Person | undefined) => void;
  placeholder?: string;
  teams?: Team[];
  /** Restrict to these people (e.g. the project group). */
  among?: string[];
  autoFocus?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/**
 * Finds a person by characters, full pinyin or initials (`wxc` finds 王小川):
 * the loaded directory is filtered as the person types, by the same rule main
 * uses (shared/people-search.ts), so the list always answers the text in the
 * box and Enter picks its first line. Enter before the directory has arrived
 * is kept and acted on when it does: never on an unfiltered list.
 */
export function PersonSelect({ value, onChange, placeholder, teams, among, autoFocus, style, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const directory = usePeopleDirectory();
  /** The text in the box when Enter came before the directory (null: no Enter waiting). */
  const pendingEnter = useRef<string | null>(null);
  const locale = useLocaleStore((s) => s.locale);
  const pool = useMemo(() => (directory ? (among ? directory.filter((p) => among.includes(p.id)) : directory) : null), [directory, among]);
  const found = useMemo(() => (pool ? searchPeople(pool, search) : []), [pool, search]);
  const pick = (person: Person): void => {
    setSearch('');
    onChange?.(person.id, person);
  };
  // An Enter that came before the list: the first match for what was typed, once it is here.
  useEffect(() => {
    const typed = pendingEnter.current;
    if (typed === null || !pool) return;
    pendingEnter.current = null;
    const first = typed.trim() ? searchPeople(pool, typed)[0] : undefined;
    if (first) pick(first);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the list arrives
  }, [pool]);
  // The chosen person stays labelled even when the current text does not match them.
  const chosen = value ? directory?.find((p) => p.id === value) : undefined;
  const shown = chosen && !found.includes(chosen) ? [...found, chosen] : found;
  const teamName = useMemo(() => {
    const m = new Map((teams ?? []).map((t) => [t.id, locale === 'en' && t.nameEn ? t.nameEn : t.name]));
    return (id: string) => m.get(id) ?? '';
  }, [teams, locale]);
  return (
    <Select
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
      value={value ?? undefined}
      placeholder={placeholder}
      autoFocus={autoFocus}
      style={{ minWidth: 260, ...style }}
      aria-label={rest['aria-label']}
      loading={!pool}
      notFoundContent={pool ? undefined : <Spin size="small" />}
      onInputKeyDown={(e) => {
        if (e.key === 'Enter' && !pool) {
          pendingEnter.current = (e.target as HTMLInputElement).value ?? search;
          e.preventDefault();
          e.stopPropagation();
        }
      }}
      onChange={(id: string) => {
        const person = pool?.find((p) => p.id === id);
        if (person) pick(person);
      }}
      options={shown.map((p) => ({
        value: p.id,
        label: (
          <Space size={6}>
            <span>{p.name}</span>
            <span style={{ color: '#999', fontSize: 12 }}>{p.pinyin}</span>
            {teams && <Tag>{teamName(p.teamId)}</Tag>}
            <Tag color="blue">{ROLE_LABELS[p.role][locale === 'en' ? 'en' : 'zh']}</Tag>
          </Space>
        ),
      }))}
    />
  );
}
