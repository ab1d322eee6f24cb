import { Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Person, Team } from '../../../shared/contract';
import { ROLE_LABELS } from '../../../shared/domain';
import { call } from '../api/client';
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
 * Finds a person by characters, full pinyin or initials; the search runs in
 * main (the same rules as everywhere), so `zxm` finds 张晓明.
 */
export function PersonSelect({ value, onChange, placeholder, teams, among, autoFocus, style, ...rest }: Props) {
  const [search, setSearch] = useState('');
  const [options, setOptions] = useState<Person[]>([]);
  const locale = useLocaleStore((s) => s.locale);
  useEffect(() => {
    let live = true;
    const h = setTimeout(() => {
      void call('people.list', { search: search || undefined, includeInactive: false }).then((ps) => {
        if (live) setOptions(among ? ps.filter((p) => among.includes(p.id)) : ps);
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [search, among]);
  const teamName = useMemo(() => {
    const m = new Map((teams ?? []).map((t) => [t.id, locale === 'en' && t.nameEn ? t.nameEn : t.name]));
    return (id: string) => m.get(id) ?? '';
  }, [teams, locale]);
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      placeholder={placeholder}
      autoFocus={autoFocus}
      style={{ minWidth: 260, ...style }}
      aria-label={rest['aria-label']}
      onChange={(id: string) => onChange?.(id, options.find((p) => p.id === id))}
      options={options.map((p) => ({
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
