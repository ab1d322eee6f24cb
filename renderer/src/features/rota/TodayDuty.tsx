import { Button, Card, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Rota } from '../../../../shared/contract';
import { callQuiet } from '../../api/client';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { cellsOf } from './store';

/** Who is on which shift on one date: the daily pre-editorial meeting's "today's duty". */
export function TodayDuty({ date }: { date: string }) {
  const t = useT();
  const [rota, setRota] = useState<Rota | null>(null);
  const load = useCallback(async () => {
    const r = await callQuiet('rota.get', { from: date, to: date }).catch(() => null);
    if (r) setRota(r);
  }, [date]);
  useEffect(() => void load(), [load]);
  useLive(load);
  if (!rota) return null;
  const cells = cellsOf(rota.entries);
  const shifts = rota.shiftTypes.filter((s) => !s.archived || cells.has(`${date}|${s.id}`));
  if (!shifts.length) return null;
  const any = rota.entries.length > 0;
  return (
    <Card
      size="small"
      title={t('rota.todayDuty')}
      data-testid="today-duty"
            extra={
        <Button type="link" size="small" onClick={() => navigate('/rota')}>
          {t('rota.openRota')}
        </Button>
      }
    >
      {!any ? (
        <Typography.Text type="secondary">{t('rota.todayDutyNone')}</Typography.Text>
      ) : (
        <Space wrap size={[24, 8]}>
          {shifts.map((s) => {
            const people = cells.get(`${date}|${s.id}`) ?? [];
            if (!people.length) return null;
            return (
              <Space key={s.id} size={4}>
                <Typography.Text strong>{s.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {s.start}–{s.end}
                </Typography.Text>
                {people.map((p) => (
                  <Tag key={p.id}>{p.personName}</Tag>
                ))}
              </Space>
            );
          })}
        </Space>
      )}
    </Card>
  );
}
