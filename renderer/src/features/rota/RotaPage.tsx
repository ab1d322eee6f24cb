import '../../rest-styles';
import { DownloadOutlined, LeftOutlined, RightOutlined, SettingOutlined, SwapOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { RotaEntry, ShiftType } from '../../../../shared/contract';
import { datesFrom } from '../../../../shared/rota';
import { addDays, isoWeekday, localDate, weekStart } from '../../../../shared/time';
import { callQuiet } from '../../api/client';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { useSession } from '../workspace/store';
import { downloadFile } from '../../api/files';
import { CellEditor, FillDialog, ShiftTypesDialog } from './RotaDialogs';
import { SwapDialog, SwapList } from './Swaps';
import { cellsOf, useActiveShiftTypes, useRota } from './store';

type Span = 'week' | 'month';

function rangeOf(span: Span, anchor: string): { from: string; to: string } {
  if (span === 'week') {
    const from = weekStart(anchor);
    return { from, to: addDays(from, 6) };
  }
  const from = `${anchor.slice(0, 7)}-01`;
  const next = addDays(from, 32);
  return { from, to: addDays(`${next.slice(0, 7)}-01`, -1) };
}

function shift(span: Span, anchor: string, dir: 1 | -1): string {
  if (span === 'week') return addDays(anchor, 7 * dir);
  const first = `${anchor.slice(0, 7)}-01`;
  return dir === 1 ? `${addDays(first, 32).slice(0, 7)}-01` : `${addDays(first, -1).slice(0, 7)}-01`;
}

/** 值班表: dates down, shift types across; managers plan, members ask for swaps. */
export function RotaPage() {
  const t = useT();
  const { message } = App.useApp();
  const me = useSession((s) => s.actor);
  const rota = useRota((s) => s.rota);
  const shifts = useActiveShiftTypes();
  const { load } = useRota.getState();
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState(() => localDate(Date.now()));
  const range = useMemo(() => rangeOf(span, anchor), [span, anchor]);
  const [editing, setEditing] = useState<{ date: string; shift: ShiftType } | null>(null);
  const [swapping, setSwapping] = useState<{ entry: RotaEntry; shift: ShiftType } | null>(null);
  const [dialog, setDialog] = useState<'shifts' | 'fill' | null>(null);

  useEffect(() => void load(range), [range, load]);
  useLive(() => load());

  const cells = useMemo(() => cellsOf(rota?.entries ?? []), [rota]);
  const today = rota?.today ?? localDate(Date.now());
  const canEdit = rota?.canEdit ?? false;
  const pendingEntryIds = useMemo(() => new Set((rota?.swaps ?? []).filter((s) => s.status === 'requested').map((s) => s.entryId)), [rota]);
  const visible = rota && rota.from === range.from && rota.to === range.to;

  const columns = [
    {
      key: 'date',
      title: t('rota.date'),
      width: 130,
      fixed: 'left' as const,
      render: (_: unknown, row: { date: string }) => (
        <Space size={4}>
          <span>{row.date.slice(5)}</span>
          <Typography.Text type="secondary">{t(`rota.weekday.${isoWeekday(row.date)}` as 'rota.weekday.1')}</Typography.Text>
          {row.date === today && <Tag color="red">{t('rota.today')}</Tag>}
        </Space>
      ),
    },
    ...shifts.map((s) => ({
      key: s.id,
      title: (
        <span data-testid="rota-shift-head">
          {s.name}{' '}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
            {s.start}–{s.end}
          </Typography.Text>
        </span>
      ),
      render: (_: unknown, row: { date: string }) => {
        const people = cells.get(`${row.date}|${s.id}`) ?? [];
        return (
          <div
            data-testid="rota-cell"
            data-date={row.date}
            data-shift={s.name}
            style={{ minHeight: 28, cursor: canEdit ? 'pointer' : undefined }}
            onClick={canEdit ? () => setEditing({ date: row.date, shift: s }) : undefined}
            onKeyDown={canEdit ? (e) => (e.key === 'Enter' || e.key === ' ') && setEditing({ date: row.date, shift: s }) : undefined}
            role={canEdit ? 'button' : undefined}
            tabIndex={canEdit ? 0 : undefined}
            aria-label={canEdit ? t('rota.editCell', { date: row.date, shift: s.name }) : undefined}
          >
            {people.length === 0 && <Typography.Text type="secondary">{t('rota.empty')}</Typography.Text>}
            {people.map((p) => {
              const mine = p.personId === me?.id;
              const future = row.date >= today;
              return (
                <Tag key={p.id} color={mine ? 'red' : undefined} style={{ marginBottom: 2 }} data-testid="rota-person">
                  {p.personName}
                  {mine && future && !pendingEntryIds.has(p.id) && (
                    <Button
                      type="link"
                      size="small"
                      icon={<SwapOutlined />}
                      style={{ paddingInline: 4, height: 18 }}
                      onClick={(e) => {
                        e.stopPropagation();
                        setSwapping({ entry: p, shift: s });
                      }}
                    >
                      {t('rota.swap')}
                    </Button>
                  )}
                </Tag>
              );
            })}
          </div>
        );
      },
    })),
  ];

  const exportXlsx = async () => {
    const f = await callQuiet('rota.export', range).catch((e: unknown) => {
      message.error(String((e as Error).message));
      return null;
    });
    if (f) downloadFile(f);
  };

  return (
    <div data-testid="rota-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('rota.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented<Span>
            value={span}
            onChange={setSpan}
            options={[
              { value: 'week', label: t('rota.week') },
              { value: 'month', label: t('rota.month') },
            ]}
          />
          <Button icon={<LeftOutlined />} aria-label={t('rota.prev')} onClick={() => setAnchor((a) => shift(span, a, -1))} />
          <Typography.Text data-testid="rota-range">{t('rota.range', { from: range.from, to: range.to })}</Typography.Text>
          <Button icon={<RightOutlined />} aria-label={t('rota.next')} onClick={() => setAnchor((a) => shift(span, a, 1))} />
          <Button onClick={() => setAnchor(today)}>{t('rota.thisPeriod')}</Button>
          {canEdit && (
            <>
              <Button icon={<SettingOutlined />} onClick={() => setDialog('shifts')}>
                {t('rota.shifts')}
              </Button>
              <Button type="primary" icon={<SyncOutlined />} disabled={!shifts.length} onClick={() => setDialog('fill')}>
                {t('rota.fill')}
              </Button>
            </>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => void exportXlsx()} disabled={!shifts.length}>
            {t('rota.export')}
          </Button>
        </Space>
      </Space>
      {rota && !shifts.length ? (
        <Card>
          <Empty description={canEdit ? t('rota.noShifts') : t('rota.noShiftsMember')} />
        </Card>
      ) : (
        <Table
          data-testid="rota-table"
          size="small"
          bordered
          loading={!visible}
          pagination={false}
          rowKey="date"
          scroll={{ x: 130 + shifts.length * 180 }}
          columns={columns}
          dataSource={datesFrom(range.from, range.to).map((date) => ({ date }))}
          rowClassName={(r) => (r.date === today ? 'rota-today' : '')}
        />
      )}
      <SwapList />
      {editing && <CellEditor date={editing.date} shift={editing.shift} people={cells.get(`${editing.date}|${editing.shift.id}`) ?? []} onClose={() => setEditing(null)} />}
      {swapping && <SwapDialog entry={swapping.entry} shift={swapping.shift} onClose={() => setSwapping(null)} />}
      {dialog === 'shifts' && <ShiftTypesDialog onClose={() => setDialog(null)} />}
      {dialog === 'fill' && <FillDialog range={range} onClose={() => setDialog(null)} />}
    </div>
  );
}
