import '../../rest-styles';
import { AppstoreOutlined, LeftOutlined, PlusOutlined, RightOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Popover, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { pagingKeys } from '../../components/pagingKeys';
import type { GearBooking, GearItem } from '../../../../shared/contract';
import { GEAR_KINDS } from '../../../../shared/gear';
import { addDays, dayStart, isoWeekday, localDate, WEEK_MS, weekStart } from '../../../../shared/time';
import { useLive } from '../../api/live';
import { useLabel, useLocaleStore, useT } from '../../i18n';
import { BookDialog, CatalogueDialog, rangeText } from './GearDialogs';
import { bookingsByItem, groupByKind, selectCalendar, useGear } from './store';

const PALETTE = ['#1677ff', '#13a8a8', '#722ed1', '#d48806', '#389e0d', '#c41d7f', '#0958d9', '#7cb305'];
const colorOf = (id: string): string => PALETTE[[...id].reduce((n, c) => (n * 31 + c.charCodeAt(0)) >>> 0, 7) % PALETTE.length]!;
const NAME_COL = 220;
const LANE_H = 24;

/** Bars of one row placed in lanes so overlapping bookings (of a multi-unit item) do not cover each other. */
function lanesOf(bookings: readonly GearBooking[]): { b: GearBooking; lane: number }[] {
  const ends: number[] = [];
  return [...bookings]
    .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id))
    .map((b) => {
      let lane = ends.findIndex((e) => e <= b.start);
      if (lane < 0) lane = ends.length;
      ends[lane] = b.end;
      return { b, lane };
    });
}

/** Where a range falls in the week, as left/width percentages (clipped to the week). */
function place(start: number, end: number, weekFrom: number): { left: string; width: string } {
  const s = Math.max(start, weekFrom);
  const e = Math.min(end, weekFrom + WEEK_MS);
  return { left: `${((s - weekFrom) / WEEK_MS) * 100}%`, width: `${(Math.max(e - s, 0) / WEEK_MS) * 100}%` };
}

function Bar({ b, lane, weekFrom }: { b: GearBooking; lane: number; weekFrom: number }) {
  const t = useT();
  const { message } = App.useApp();
  const cancel = async () => {
    await useGear.getState().run('gear.cancel', { bookingId: b.id });
    message.success(t('gear.cancelled'));
  };
  const range = rangeText(b.start, b.end);
  const content = (
    <Space direction="vertical" size={2} style={{ maxWidth: 320 }}>
      <Typography.Text strong>{b.projectName}</Typography.Text>
      <Typography.Text>
        {b.itemName} {b.quantity > 1 ? t('gear.qty', { n: b.quantity }) : ''}
      </Typography.Text>
      <Typography.Text type="secondary">{range}</Typography.Text>
      {b.taskTitle && <Typography.Text type="secondary">{t('gear.task', { title: b.taskTitle })}</Typography.Text>}
      <Typography.Text type="secondary">{t('gear.by', { name: b.bookedByName })}</Typography.Text>
      {b.note && <Typography.Text type="secondary">{b.note}</Typography.Text>}
      {b.clash && <Typography.Text type="danger">{t('gear.clashHint')}</Typography.Text>}
      {b.canCancel && (
        <Popconfirm title={t('gear.cancelConfirm')} onConfirm={() => cancel().catch(() => undefined)}>
          <Button size="small" danger>
            {t('gear.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
  const bg = b.clash ? '#ff4d4f' : colorOf(b.projectId);
  return (
    <Popover content={content} trigger="click">
      <button
        type="button"
        data-testid="gear-bar"
        data-item={b.itemName}
        data-project={b.projectName}
        data-clash={b.clash ? 'yes' : 'no'}
        aria-label={t('gear.bar', { project: b.projectName, range })}
        title={`${b.projectName} ${range}`}
        style={{
          position: 'absolute',
          top: 3 + lane * LANE_H,
          height: LANE_H - 4,
          ...place(b.start, b.end, weekFrom),
          minWidth: 6,
          background: bg,
          color: '#fff',
          border: b.clash ? '2px solid #a8071a' : 'none',
          borderRadius: 4,
          padding: '0 6px',
          fontSize: 12,
          textAlign: 'left',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          cursor: 'pointer',
        }}
      >
        {b.clash && <WarningOutlined style={{ marginRight: 4 }} />}
        {b.projectName}
        {b.quantity > 1 ? ` ×${b.quantity}` : ''}
      </button>
    </Popover>
  );
}

function ItemRow({ item, bookings, weekFrom, days, today }: { item: GearItem; bookings: GearBooking[]; weekFrom: number; days: string[]; today: string }) {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const placed = useMemo(() => lanesOf(bookings), [bookings]);
  const lanes = Math.max(1, ...placed.map((p) => p.lane + 1));
  const repair = item.repair && item.repair.end > weekFrom && item.repair.start < weekFrom + WEEK_MS ? item.repair : null;
  return (
    <div role="row" data-testid="gear-row" data-item={item.name} style={{ display: 'flex', borderBottom: '1px solid #f0f0f0' }}>
      <div role="rowheader" style={{ width: NAME_COL, flex: 'none', padding: '4px 8px' }}>
        <Typography.Text>{item.name}</Typography.Text>
        {item.quantity > 1 && <Typography.Text type="secondary"> {t('gear.qty', { n: item.quantity })}</Typography.Text>}
        {item.teamName && (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {locale === 'en' && item.teamNameEn ? item.teamNameEn : item.teamName}
            </Typography.Text>
          </div>
        )}
      </div>
      <div role="gridcell" style={{ position: 'relative', flex: 1, minHeight: lanes * LANE_H + 6 }}>
        {days.map((d, i) => (
          <div
            key={d}
            style={{ position: 'absolute', top: 0, bottom: 0, left: `${(i / 7) * 100}%`, width: `${100 / 7}%`, borderLeft: '1px solid #f0f0f0', background: d === today ? '#fff1f0' : undefined }}
          />
        ))}
        {repair && (
          <div
            data-testid="gear-repair"
            title={t('gear.repairLine', { range: rangeText(repair.start, repair.end), note: repair.note ? ` ${repair.note}` : '' })}
            style={{
              position: 'absolute',
              top: 0,
              bottom: 0,
              ...place(repair.start, repair.end, weekFrom),
              background: 'repeating-linear-gradient(45deg, #fafafa, #fafafa 6px, #d9d9d9 6px, #d9d9d9 12px)',
              color: '#595959',
              fontSize: 12,
              padding: '2px 6px',
              overflow: 'hidden',
              whiteSpace: 'nowrap',
            }}
          >
            {repair.note ? t('gear.repairBar', { note: repair.note }) : t('gear.repair')}
          </div>
        )}
        {placed.map(({ b, lane }) => (
          <Bar key={b.id} b={b} lane={lane} weekFrom={weekFrom} />
        ))}
      </div>
    </div>
  );
}

/** 资源日历: a week of every item, rows grouped by kind, bookings as bars; ← / → switch weeks. */
export function GearPage() {
  const t = useT();
  const label = useLabel();
  const calendar = useGear(selectCalendar);
  const { load } = useGear.getState();
  const [anchor, setAnchor] = useState(() => weekStart(localDate(Date.now())));
  const range = useMemo(() => ({ from: anchor, to: addDays(anchor, 6) }), [anchor]);
  const [dialog, setDialog] = useState<'book' | 'catalogue' | null>(null);
  useEffect(() => void load(range), [range, load]);
  useLive(() => load());

  // The week last loaded stays on screen (and keeps the keyboard focus) while the next one loads.
  const visible = calendar;
  const loading = !calendar || calendar.from !== range.from;
  const shownFrom = calendar?.from ?? range.from;
  const today = calendar?.today ?? localDate(Date.now());
  const days = useMemo(() => Array.from({ length: 7 }, (_, i) => addDays(shownFrom, i)), [shownFrom]);
  const groups = useMemo(() => groupByKind(visible?.items ?? []), [visible]);
  const byItem = useMemo(() => bookingsByItem(visible?.bookings ?? []), [visible]);
  const weekFrom = dayStart(shownFrom);
  const move = (weeks: number) => setAnchor((a) => addDays(a, 7 * weeks));
  const onKey = pagingKeys(move, () => setAnchor(weekStart(today)));

  return (
    <div data-testid="gear-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('gear.calendar')}
        </Typography.Title>
        <Space wrap>
          <Button icon={<LeftOutlined />} aria-label={t('gear.prevWeek')} onClick={() => move(-1)} />
          <Typography.Text data-testid="gear-range">{t('gear.range', { from: range.from, to: range.to })}</Typography.Text>
          <Button icon={<RightOutlined />} aria-label={t('gear.nextWeek')} onClick={() => move(1)} />
          <Button onClick={() => setAnchor(weekStart(today))}>{t('gear.thisWeek')}</Button>
          {visible?.canManage && (
            <Button icon={<AppstoreOutlined />} onClick={() => setDialog('catalogue')}>
              {t('gear.catalogue')}
            </Button>
          )}
          <Button type="primary" icon={<PlusOutlined />} disabled={!visible?.items.length} onClick={() => setDialog('book')}>
            {t('gear.book')}
          </Button>
        </Space>
      </Space>
      {!visible ? (
        <Spin style={{ display: 'block', marginTop: 80 }} />
      ) : !visible.items.length ? (
        <Card>
          <Empty description={visible.canManage ? t('gear.none') : t('gear.noneMember')} />
        </Card>
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Spin spinning={loading} delay={150}>
          <div
            role="grid"
            tabIndex={0}
            aria-label={`${t('gear.calendar')} ${t('gear.range', { from: range.from, to: range.to })}`}
            aria-describedby="gear-key-hint"
            data-testid="gear-calendar"
            data-week={shownFrom}
            aria-busy={loading}
            onKeyDown={onKey}
            style={{ outlineOffset: -2 }}
          >
            <div role="row" style={{ display: 'flex', borderBottom: '1px solid #d9d9d9', background: '#fafafa', position: 'sticky', top: 0, zIndex: 1 }}>
              <div role="columnheader" style={{ width: NAME_COL, flex: 'none', padding: '6px 8px', fontWeight: 500 }}>
                {t('gear.item')}
              </div>
              {days.map((d) => (
                <div key={d} role="columnheader" style={{ flex: 1, padding: '6px 8px', borderLeft: '1px solid #f0f0f0', fontWeight: 500 }}>
                  {d.slice(5)} <Typography.Text type="secondary">{t(`rota.weekday.${isoWeekday(d)}` as 'rota.weekday.1')}</Typography.Text>
                  {d === today && (
                    <Tag color="red" style={{ marginLeft: 4 }}>
                      {t('gear.today')}
                    </Tag>
                  )}
                </div>
              ))}
            </div>
            {groups.map((g) => (
              <div key={g.kind} role="rowgroup" data-testid="gear-kind" data-kind={g.kind}>
                <div role="row" style={{ padding: '4px 8px', background: '#f5f5f5', fontWeight: 500, borderBottom: '1px solid #f0f0f0' }}>
                  {label(GEAR_KINDS, g.kind)}
                </div>
                {g.items.map((item) => (
                  <ItemRow key={item.id} item={item} bookings={byItem.get(item.id) ?? []} weekFrom={weekFrom} days={days} today={today} />
                ))}
              </div>
            ))}
          </div>
          <Typography.Paragraph id="gear-key-hint" type="secondary" style={{ margin: 8, fontSize: 12 }}>
            {t('gear.keyHint')}
          </Typography.Paragraph>
          </Spin>
        </Card>
      )}
      {dialog === 'book' && <BookDialog onClose={() => setDialog(null)} />}
      {dialog === 'catalogue' && <CatalogueDialog onClose={() => setDialog(null)} />}
    </div>
  );
}
