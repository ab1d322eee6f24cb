import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { PersonRef } from '../../../../shared/contract';
import { call } from '../../api/client';

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

/** Several people at once (attendees, owners, rotating chairs). */
export function PeoplePicker({ value, onChange, among, placeholder, disabled, style, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<PersonRef[]>([]);
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    if (among) return;
    let live = true;
    const h = setTimeout(() => {
      void call('people.list', { search: search || undefined }).then((ps) => {
        if (!live) return;
        setFound(ps.map((p) => ({ id: p.id, name: p.name })));
        setKnown((k) => new Map([...k, ...ps.map((p) => [p.id, p.name] as const)]));
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [search, among]);
  const options = (among ?? found).map((p) => ({ value: p.id, label: p.name }));
  // Keep chosen people labelled even when the current search does not list them.
  for (const id of value ?? []) if (!options.some((o) => o.value === id)) options.push({ value: id, label: known.get(id) ?? among?.find((p) => p.id === id)?.name ?? id });
  return (
    <Select
      mode="multiple"
      value={value ?? []}
      onChange={onChange}
      placeholder={placeholder}
      disabled={disabled}
      style={{ minWidth: 200, ...style }}
      aria-label={rest['aria-label']}
      showSearch={among ? { filterOption: (input, o) => String(o?.label ?? '').includes(input) } : { filterOption: false, onSearch: setSearch }}
      options={options}
    />
  );
}
