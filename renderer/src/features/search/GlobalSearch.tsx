import { SearchOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Modal, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { SearchResult } from '../../../../shared/contract';
import { DELIVERABLE_STATUSES, MEETING_KINDS, PLATFORMS } from '../../../../shared/domain';
import { localDateTime } from '../../../../shared/time';
import { callQuiet } from '../../api/client';
import { useLabel, useT, type MessageKey } from '../../i18n';
import { navigate } from '../../shell/router';

/** One line of the result list: what it shows and where Enter takes you. */
interface Hit {
  key: string;
  group: MessageKey;
  title: string;
  detail: string;
  tag?: string;
  go: string;
}

const GROUPS: MessageKey[] = ['search.projects', 'search.tasks', 'search.deliverables', 'search.meetings', 'search.people'];

/** Turns the backend's answer into the list a person moves through, grouped by kind in a fixed order. */
function useHits(result: SearchResult | null): Hit[] {
  const t = useT();
  const label = useLabel();
  return useMemo(() => {
    if (!result) return [];
    const hits: Hit[] = [
      ...result.projects.map((p): Hit => ({ key: `p${p.id}`, group: 'search.projects', title: p.name, detail: p.excerpt || `${p.startDate} ~ ${p.endDate}`, go: `/projects/${p.id}` })),
      ...result.tasks.map((x): Hit => ({
        key: `t${x.id}`,
        group: 'search.tasks',
        title: x.title,
        detail: [x.projectName, x.columnName, x.dueAt !== null ? localDateTime(x.dueAt) : ''].filter(Boolean).join(' · '),
        tag: x.completedAt !== null ? t('search.done') : undefined,
        go: `/projects/${x.projectId}/board?task=${encodeURIComponent(x.id)}`,
      })),
      ...result.deliverables.map((d): Hit => ({
        key: `d${d.id}`,
        group: 'search.deliverables',
        title: d.title,
        detail: [d.projectName, label(PLATFORMS, d.platform as never), d.dueAt !== null ? localDateTime(d.dueAt) : ''].filter(Boolean).join(' · '),
        tag: label(DELIVERABLE_STATUSES, d.status as never),
        go: `/projects/${d.projectId}/board?tab=deliverables`,
      })),
      ...result.meetings.map((m): Hit => ({ key: `m${m.id}`, group: 'search.meetings', title: m.title || label(MEETING_KINDS, m.kind), detail: m.date, tag: label(MEETING_KINDS, m.kind), go: `/meetings/${m.id}` })),
      ...result.people.map((p): Hit => ({ key: `u${p.id}`, group: 'search.people', title: p.name, detail: [p.title, p.pinyin].filter(Boolean).join(' · '), go: `/people?q=${encodeURIComponent(p.name)}` })),
    ];
    return GROUPS.flatMap((g) => hits.filter((h) => h.group === g));
  }, [result, t, label]);
}

/**
 * The global search: Ctrl/⌘+K or the box in the header. Projects, tasks,
 * deliverables, meetings and people, from one character (直) or pinyin
 * initials (wxc); ↑↓ moves, Enter opens the thing found, Esc closes.
 */
export function GlobalSearch() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const seq = useRef(0);
  const hits = useHits(result);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The latest text wins: an older answer that comes late is dropped.
  useEffect(() => {
    const text = q.trim();
    const mine = ++seq.current;
    if (!text) {
      setResult(null);
      setBusy(false);
      return;
    }
    setBusy(true);
    const h = setTimeout(() => {
      callQuiet('search.query', { q: text, limit: 8, kinds: ['projects', 'tasks', 'deliverables', 'meetings', 'people'] })
        .then((r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setActive(0);
        })
        .catch(() => mine === seq.current && setResult(null))
        .finally(() => mine === seq.current && setBusy(false));
    }, 120);
    return () => clearTimeout(h);
  }, [q]);

  const close = (): void => {
    setOpen(false);
    setQ('');
    setResult(null);
  };
  const go = (h: Hit | undefined): void => {
    if (!h) return;
    close();
    navigate(h.go);
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(hits.length - 1, i + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Only an answer to what is typed now: Enter never opens a result of an older text.
      if (!busy) go(hits[active]);
    }
  };

  let lastGroup: MessageKey | null = null;
  return (
    <>
      <Button icon={<SearchOutlined />} onClick={() => setOpen(true)} data-testid="global-search-open" aria-keyshortcuts="Control+K Meta+K">
        {t('search.open')} <Tag style={{ marginInlineStart: 8, marginInlineEnd: 0 }}>{t('search.shortcut')}</Tag>
      </Button>
      <Modal open={open} onCancel={close} footer={null} title={t('search.dialog')} width={640} destroyOnHidden styles={{ body: { paddingTop: 8 } }}>
        <Input
          autoFocus
          size="large"
          prefix={<SearchOutlined />}
          placeholder={t('search.placeholder')}
          aria-label={t('search.dialog')}
          aria-controls="global-search-results"
          aria-activedescendant={hits[active] ? `search-hit-${hits[active].key}` : undefined}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onKeyDown}
          suffix={busy ? <Spin size="small" /> : null}
        />
        <div id="global-search-results" role="listbox" aria-label={t('search.dialog')} style={{ maxHeight: 420, overflowY: 'auto', marginTop: 12 }}>
          {!q.trim() && <Typography.Text type="secondary">{t('search.hint')}</Typography.Text>}
          {q.trim() && !busy && result && hits.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('search.empty', { q: q.trim() })} />}
          {hits.map((h, i) => {
            const header = h.group !== lastGroup ? t(h.group) : null;
            lastGroup = h.group;
            return (
              <div key={h.key}>
                {header && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, margin: '8px 0 4px' }} data-testid="search-group">
                    {header}
                  </Typography.Text>
                )}
                <div
                  id={`search-hit-${h.key}`}
                  role="option"
                  aria-selected={i === active}
                  data-testid="search-hit"
                  onMouseEnter={() => setActive(i)}
                  onClick={() => go(h)}
                  style={{ padding: '6px 10px', borderRadius: 6, cursor: 'pointer', background: i === active ? '#fff1f0' : undefined }}
                >
                  <Typography.Text strong>{h.title}</Typography.Text>
                  {h.tag && <Tag style={{ marginInlineStart: 8 }}>{h.tag}</Tag>}
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                    {h.detail}
                  </Typography.Text>
                </div>
              </div>
            );
          })}
        </div>
      </Modal>
    </>
  );
}
