import { Button, notification, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { PRIORITIES, type Priority } from '../../../../shared/domain';
import type { SyncConflict } from '../../../../shared/sync';
import { localDateTime } from '../../../../shared/time';
import { useLabel, useT } from '../../i18n';
import { useSync } from './store';

/** A conflict's value as a person reads it: a date as a date, a priority by its name, nothing as “（空）”. */
function useShowValue(): (c: SyncConflict, v: SyncConflict['mine']) => string {
  const t = useT();
  const label = useLabel();
  return (c, v) => {
    if (v === null || v === '') return t('sync.conflict.empty');
    if (c.field === 'due_at' && typeof v === 'number') return localDateTime(v);
    if (c.field === 'priority' && typeof v === 'string') return label(PRIORITIES, v as Priority);
    return String(v);
  };
}

/** One sentence per conflict: what, which field, both values, who. */
export function useConflictText(): (c: SyncConflict) => string {
  const t = useT();
  const show = useShowValue();
  return (c) => {
    const what = t(`sync.conflict.kind.${c.entity.type}`);
    const field = t(`sync.conflict.field.${c.field}`);
    const who = c.byName ?? t('sync.conflict.someone');
    return c.deleted
      ? t('sync.conflict.deleted', { what, title: c.entity.title, field, mine: show(c, c.mine), who })
      : t('sync.conflict.overwritten', { what, title: c.entity.title, field, mine: show(c, c.mine), theirs: show(c, c.theirs), who });
  };
}

/** The popover's list: each conflict with 重新应用我的值 (a new command) and 保留对方的值. */
export function ConflictList({ conflicts }: { conflicts: SyncConflict[] }) {
  const t = useT();
  const text = useConflictText();
  const reapply = useSync((s) => s.reapplyConflict);
  const dismiss = useSync((s) => s.dismissConflict);
  if (!conflicts.length) return null;
  return (
    <Space direction="vertical" size={4} data-testid="sync-conflicts">
      <Typography.Text strong>{t('sync.conflicts')}</Typography.Text>
      {conflicts.map((c) => (
        <Space key={c.id} direction="vertical" size={2} data-testid="sync-conflict">
          <Typography.Text type="warning">{text(c)}</Typography.Text>
          <Space size={4}>
            {c.reapply && (
              <Button size="small" type="primary" onClick={() => void reapply(c)}>
                {t('sync.conflict.reapply')}
              </Button>
            )}
            <Button size="small" onClick={() => void dismiss(c.id)}>
              {t(c.reapply ? 'sync.conflict.keepTheirs' : 'sync.dismiss')}
            </Button>
          </Space>
        </Space>
      ))}
    </Space>
  );
}

/** Says each new conflict once, at once, with the same two choices. */
export function useConflictPopups(conflicts: SyncConflict[] | undefined): void {
  const t = useT();
  const text = useConflictText();
  const reapply = useSync((s) => s.reapplyConflict);
  const dismiss = useSync((s) => s.dismissConflict);
  const seen = useRef(new Set<number>());
  useEffect(() => {
    for (const c of conflicts ?? []) {
      if (seen.current.has(c.id)) continue;
      seen.current.add(c.id);
      const key = `conflict-${c.id}`;
      const close = () => notification.destroy(key);
      notification.warning({
        key,
        title: t('sync.conflict.title'),
        description: <span data-testid="sync-conflict-popup">{text(c)}</span>,
        duration: 0,
        actions: (
          <Space>
            {c.reapply && (
              <Button size="small" type="primary" onClick={() => void reapply(c).then(close)}>
                {t('sync.conflict.reapply')}
              </Button>
            )}
            <Button size="small" onClick={() => void dismiss(c.id).then(close)}>
              {t(c.reapply ? 'sync.conflict.keepTheirs' : 'sync.dismiss')}
            </Button>
          </Space>
        ),
      });
    }
  }, [conflicts, t, text, reapply, dismiss]);
}
