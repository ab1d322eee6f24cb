import { Select } from 'antd';
import { useMemo, useState } from 'react';
import type { Person, PersonRef } from '../../../../shared/contract';
import { searchPeople } from '../../../../shared/people-search';
import { usePeopleDirectory } from '../people/directory';

interface Props {
  value?: string[];
  onChange?: (ids: string[]) => void;
  /** Restrict to these people (a project group); otherwise everyone active, found by name or pinyin in main. */
  among?: PersonRef[];
  placeholder?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/**
 * Several people at once (attendees, owners, rotating chairs), found by
 * characters, pinyin or initials like every person box (shared/people-search.ts),
 * among a project group or everyone active.
 */
export function PeoplePicker({ value, onChange, among, placeholder, disabled, style, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const directory = usePeopleDirectory();
  const pool = useMemo((): Findable[] => {
    const byId = new Map((directory ?? []).map((p) => [p.id, p] as const));
    if (!among) return directory ?? [];
    // A group member no longer active is still listed by name.
    return among.map((m) => byId.get(m.id) ?? { id: m.id, name: m.name, title: '', skills: [], pinyin: '', pinyinInitials: '' });
  }, [directory, among]);
  const options = searchPeople(pool, search).map((p) => ({ value: p.id, label: p.name }));
  // Keep chosen people labelled even when the current search does not list them.
  for (const id of value ?? []) {
    if (!options.some((o) => o.value === id)) options.push({ value: id, label: pool.find((p) => p.id === id)?.name ?? id });
  }
  return (
    <Select
      mode="multiple"
      value={value ?? []}
      onChange={(ids: string[]) => {
        setSearch('');
        onChange?.(ids);
      }}
      placeholder={placeholder}
      disabled={disabled}
      loading={!directory}
      style={{ minWidth: 200, ...style }}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
      options={options}
    />
  );
}

type Findable = Person | (PersonRef & { title: string; skills: string[]; pinyin: string; pinyinInitials: string });
