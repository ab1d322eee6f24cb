import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Segmented, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { pagingKeys } from '../../components/pagingKeys';
import type { TimelineProject } from '../../../../shared/contract';
import type { TimelineScale } from '../../../../shared/timeline';
import { localDate } from '../../../../shared/time';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { StatusTag } from '../projects/parts';
import { initialAnchor, placeDays, seasonRange, stepAnchor, ticks } from './layout';
import { selectSeason, useTimeline } from './store';

export const NAME_COL = 240;
const ROW_H = 46;
const PALETTE = ['#1677ff', '#13a8a8', '#722ed1', '#389e0d', '#c41d7f', '#0958d9', '#7cb305', '#d46b08'];
const colorOf = (id: string): string => PALETTE[[...id].reduce((n, c) => (n * 31 + c.charCodeAt(0)) >>> 0, 7) % PALETTE.length]!;

function ProjectRow({ p, from, to }: { p: TimelineProject; from: string; to: string }) {
  const t = useT();
  const bar = placeDays(from, to, p.startDate, p.endDate);
  const color = colorOf(p.id);
  const label = t('timeline.projectBar', { name: p.name, from: p.startDate, to: p.endDate });
  return (
    <div role="row" data-testid="timeline-project" data-project={p.name} data-tentative={p.tentative ? 'yes' : 'no'} style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', minHeight: ROW_H }}>
      <div role="rowheader" style={{ width: NAME_COL, flex: 'none', padding: '4px 8px', overflow: 'hidden' }}>
        <Typography.Link href={`#/timeline/${p.id}`} ellipsis style={{ display: 'block', maxWidth: NAME_COL - 16 }}>
          {p.name}
        </Typography.Link>
        <Space size={4} style={{ fontSize: 12 }}>
          <StatusTag status={p.status} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('timeline.convener', { name: p.convenerName })}
          </Typography.Text>
        </Space>
      </div>
      <div role="gridcell" style={{ position: 'relative', flex: 1 }}>
        {bar && (
          <Tooltip title={`${label}${p.tentative ? ` · ${t('timeline.tentativeHint')}` : ''} · ${t('timeline.tasksCount', { n: p.tasks })}`}>
            <button
              type="button"
              data-testid="timeline-project-bar"
              aria-label={`${label}${p.tentative ? `（${t('timeline.tentative')}）` : ''}`}
              onClick={() => navigate(`/timeline/${p.id}`)}
              style={{
                position: 'absolute',
                top: 5,
                height: 22,
                left: `${bar.left}%`,
                width: `${bar.width}%`,
                minWidth: 6,
                borderRadius: 4,
                padding: '0 6px',
                fontSize: 12,
                textAlign: 'left',
                whiteSpace: 'nowrap',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                cursor: 'pointer',
                ...(p.tentative
                  ? { background: `repeating-linear-gradient(135deg, ${color}22, ${color}22 6px, #ffffff 6px, #ffffff 12px)`, border: `2px dashed ${color}`, color }
                  : { background: color, border: 'none', color: '#fff' }),
              }}
            >
              {p.tentative ? `${t('timeline.tentative')} · ` : ''}
              {p.name}
            </button>
          </Tooltip>
        )}
        {p.milestones.map((m) => {
          const at = placeDays(from, to, m.date, m.date);
          if (!at) return null;
          const text = t('timeline.milestone', { date: m.date.slice(5), label: m.label });
          return (
            <Tooltip key={`${m.date}${m.label}`} title={text}>
              <span
                data-testid="timeline-milestone"
                role="img"
                aria-label={text}
                style={{
                  position: 'absolute',
                  top: 29,
                  left: `calc(${at.left + at.width / 2}% - 5px)`,
                  width: 10,
                  height: 10,
                  transform: 'rotate(45deg)',
                  background: '#fadb14',
                  border: '2px solid #ad6800',
                  zIndex: 1,
                }}
              />
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
}

/** Every proposed, running and wrapped project of the season on one timeline, weeks or months; ← / → page through. */
export function SeasonView() {
  const t = useT();
  const season = useTimeline(selectSeason);
  const { loadSeason } = useTimeline.getState();
  const today = localDate(Date.now());
  const [scale, setScale] = useState<TimelineScale>('week');
  const [anchor, setAnchor] = useState(() => initialAnchor('week', today));
  const range = useMemo(() => seasonRange(scale, anchor), [scale, anchor]);
  useEffect(() => void loadSeason(range), [range, loadSeason]);
  useLive(() => loadSeason());

  const shown = season ?? null;
  const loading = !shown || shown.from !== range.from || shown.to !== range.to;
  const from = shown?.from ?? range.from;
  const to = shown?.to ?? range.to;
  const heads = useMemo(() => ticks(scale, from, to), [scale, from, to]);
  const todayAt = placeDays(from, to, today, today);
  const step = (dir: number) => setAnchor((a) => stepAnchor(scale, a, dir));
  const changeScale = (s: TimelineScale) => {
    setScale(s);
    setAnchor(initialAnchor(s, today));
  };
  const onKey = pagingKeys(step, () => setAnchor(initialAnchor(scale, today)));

  return (
    <div data-testid="timeline-page">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('timeline.title')}
        </Typography.Title>
        <Space wrap>
          <Segmented<TimelineScale>
            aria-label={t('timeline.scale')}
            value={scale}
            onChange={changeScale}
            options={[
              { value: 'week', label: t('timeline.week') },
              { value: 'month', label: t('timeline.month') },
            ]}
          />
          <Button icon={<LeftOutlined />} aria-label={t('timeline.prev')} onClick={() => step(-1)} />
          <Typography.Text data-testid="timeline-range">{t('timeline.range', { from: range.from, to: range.to })}</Typography.Text>
          <Button icon={<RightOutlined />} aria-label={t('timeline.next')} onClick={() => step(1)} />
          <Button onClick={() => setAnchor(initialAnchor(scale, today))}>{t('timeline.today')}</Button>
        </Space>
      </Space>
      {!shown ? (
        <Spin style={{ display: 'block', marginTop: 80 }} />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Spin spinning={loading} delay={150}>
            <div
              role="grid"
              tabIndex={0}
              aria-label={`${t('timeline.title')} ${t('timeline.range', { from, to })}`}
              aria-describedby="timeline-season-hint"
              data-testid="timeline-season"
              data-from={from}
              data-scale={scale}
              aria-busy={loading}
              onKeyDown={onKey}
              style={{ outlineOffset: -2, position: 'relative' }}
            >
              <div role="row" style={{ display: 'flex', borderBottom: '1px solid #d9d9d9', background: '#fafafa', position: 'sticky', top: 0, zIndex: 2 }}>
                <div role="columnheader" style={{ width: NAME_COL, flex: 'none', padding: '6px 8px', fontWeight: 500 }}>
                  {t('timeline.project')}
                </div>
                <div style={{ flex: 1, display: 'flex' }}>
                  {heads.map((h) => (
                    <div key={h.date} role="columnheader" style={{ flex: h.days, padding: '6px 4px', borderLeft: '1px solid #f0f0f0', fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden' }}>
                      {h.kind === 'week' ? (
                        <>
                          {t('timeline.weekLabel', { week: h.week ?? '' })} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{h.date.slice(5)}</Typography.Text>
                        </>
                      ) : (
                        t('timeline.monthLabel', { year: h.year, month: h.month })
                      )}
                    </div>
                  ))}
                </div>
              </div>
              <div style={{ position: 'relative' }}>
                <div aria-hidden style={{ position: 'absolute', inset: 0, left: NAME_COL, display: 'flex', pointerEvents: 'none' }}>
                  {heads.map((h) => (
                    <div key={h.date} style={{ flex: h.days, borderLeft: '1px solid #f0f0f0' }} />
                  ))}
                </div>
                {todayAt && (
                  <div
                    aria-hidden
                    data-testid="timeline-today"
                    style={{ position: 'absolute', top: 0, bottom: 0, left: `calc(${NAME_COL}px + (100% - ${NAME_COL}px) * ${(todayAt.left + todayAt.width / 2) / 100})`, width: 2, background: '#ff4d4f', zIndex: 1, pointerEvents: 'none' }}
                  />
                )}
                {shown.projects.length === 0 ? (
                  <Empty style={{ padding: 32 }} description={t('timeline.none')} />
                ) : (
                  shown.projects.map((p) => <ProjectRow key={p.id} p={p} from={from} to={to} />)
                )}
              </div>
            </div>
            <Typography.Paragraph id="timeline-season-hint" type="secondary" style={{ margin: 8, fontSize: 12 }}>
              {t('timeline.seasonHint')}
            </Typography.Paragraph>
          </Spin>
        </Card>
      )}
    </div>
  );
}
