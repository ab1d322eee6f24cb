import { Mentions, Tag } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { mentionParts, tokensFromNames } from '../../../../shared/mentions';
import { searchPeople } from '../../../../shared/people-search';
import { usePeopleDirectory } from '../people/directory';

/**
 * A text box with @mentions: typing `@zxm` offers 张晓明 (the people-search rule of
 * shared/people-search.ts: characters, full pinyin or initials). The box shows
 * `@name`; `toStored` turns the names picked into `@{id}` tokens, so a rename
 * keeps the mention.
 */
export function useMentionBox() {
  const picked = useRef<{ id: string; name: string }[]>([]);
  return {
    onPick: (p: { id: string; name: string }) => {
      if (!picked.current.some((x) => x.id === p.id)) picked.current.push(p);
    },
    toStored: (text: string) => tokensFromNames(text, picked.current),
    reset: () => {
      picked.current = [];
    },
  };
}

/** In a `Form.Item`, the item gives `id`, `value` and `onChange`. */
export function MentionInput({
  id,
  value,
  onChange,
  onPick,
  onBlur,
  rows = { minRows: 1, maxRows: 4 },
  disabled,
  placeholder,
  'aria-label': ariaLabel,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  onPick: (p: { id: string; name: string }) => void;
  onBlur?: () => void;
  rows?: { minRows: number; maxRows: number };
  disabled?: boolean;
  placeholder?: string;
  'aria-label'?: string;
}) {
  const people = usePeopleDirectory();
  const active = useMemo(() => (people ?? []).filter((p) => p.active), [people]);
  const [search, setSearch] = useState('');
  const found = useMemo(() => (search ? searchPeople(active, search) : active).slice(0, 20), [active, search]);
  return (
    <Mentions
      aria-label={ariaLabel}
      placeholder={placeholder}
      id={id}
      autoSize={rows}
      value={value ?? ''}
      onChange={onChange}
      onBlur={onBlur}
      disabled={disabled}
      prefix="@"
      // The list is filtered here by the shared rule (pinyin included), not by antd's substring match.
      filterOption={false}
      onSearch={(text) => setSearch(text)}
      options={found.map((p) => ({ key: p.id, value: p.name, label: p.name }))}
      onSelect={(option) => {
        const p = active.find((x) => x.id === option.key || x.name === option.value);
        if (p) onPick({ id: p.id, name: p.name });
      }}
    />
  );
}

/** A stored text with its mentions shown as the current names. */
export function MentionText({ text }: { text: string }) {
  const people = usePeopleDirectory();
  const names = useMemo(() => new Map((people ?? []).map((p) => [p.id, p.name])), [people]);
  return (
    <>
      {mentionParts(text).map((part, i) =>
        'text' in part ? (
          <span key={i}>{part.text}</span>
        ) : (
          <Tag key={i} color="blue" style={{ marginInline: 2 }} data-testid="mention">
            @{names.get(part.personId) ?? '?'}
          </Tag>
        ),
      )}
    </>
  );
}
