import { Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag } from 'antd';
import dayjs from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { useEffect, useState } from 'react';
import type { PlatformEffect, ReviewRow } from '../../../../shared/contract';
import { PLATFORMS } from '../../../../shared/domain';
import { addDays } from '../../../../shared/time';
import { useLabel, useLocaleStore, useT } from '../../i18n';
import { fmtNum, fmtRate, rateColor, todayLocal } from '../meetings/format';
import { useMeetings } from '../meetings/store';
import { useLive } from '../../api/live';

/** Effect dashboard: expected vs actual per platform, the trend over days and the top items, per project or overall. */
export function DashboardView() {
  // ECharts' own texts (its screen-reader description of each chart) follow the UI's language.
  const chartLocale = useLocaleStore((st) => (st.locale === 'en' ? 'EN' : 'ZH'));
  const t = useT();
  const label = useLabel();
  const data = useMeetings((s) => s.dashboard);
  const projects = useMeetings((s) => s.projects);
  const { loadDashboard, loadProjects } = useMeetings.getState();
  const [projectId, setProjectId] = useState<string | null>(null);
  const [range, setRange] = useState<[string, string]>([addDays(todayLocal(), -29), todayLocal()]);

  useEffect(() => void loadProjects(), [loadProjects]);
  useEffect(() => void loadDashboard({ projectId, from: range[0], to: range[1] }), [projectId, range, loadDashboard]);
  useLive(() => loadDashboard({ projectId, from: range[0], to: range[1] }));

  const platforms = data?.platforms ?? [];
  const names = platforms.map((p) => label(PLATFORMS, p.platform));
  const barOption = {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('meetings.dashboard.expected'), t('meetings.dashboard.actual')] },
    grid: { left: 80, right: 24, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: names },
    yAxis: { type: 'value' },
    series: [
      { name: t('meetings.dashboard.expected'), type: 'bar', data: platforms.map((p) => p.expectedViews), itemStyle: { color: '#bfbfbf' } },
      { name: t('meetings.dashboard.actual'), type: 'bar', data: platforms.map((p) => p.actual.views), itemStyle: { color: '#c8102e' } },
    ],
  };
  const trend = data?.trend ?? [];
  const trendOption = {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('meetings.daily.views'), t('meetings.dashboard.interactions')] },
    grid: { left: 80, right: 80, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: trend.map((d) => d.date.slice(5)) },
    yAxis: [{ type: 'value' }, { type: 'value' }],
    series: [
      { name: t('meetings.daily.views'), type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: trend.map((d) => d.views), itemStyle: { color: '#c8102e' } },
      { name: t('meetings.dashboard.interactions'), type: 'line', yAxisIndex: 1, data: trend.map((d) => d.likes + d.shares + d.comments), itemStyle: { color: '#1677ff' } },
    ],
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card size="small">
        <Space wrap>
          <Select
            allowClear
            aria-label={t('meetings.dashboard.project')}
            placeholder={t('meetings.dashboard.allProjects')}
            style={{ width: 300 }}
            value={projectId ?? undefined}
            onChange={(v?: string) => setProjectId(v ?? null)}
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
          />
          <DatePicker.RangePicker
            allowClear={false}
            aria-label={t('meetings.dashboard.range')}
            value={[dayjs(range[0]), dayjs(range[1])]}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
          />
        </Space>
      </Card>
      <Row gutter={16}>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('meetings.dashboard.items')} value={data?.totals.items ?? 0} />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('meetings.dashboard.totalExpected')} value={data?.totals.expectedViews ?? 0} groupSeparator="," />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('meetings.dashboard.totalActual')} value={data?.totals.actual.views ?? 0} groupSeparator="," />
          </Card>
        </Col>
        <Col span={6}>
          <Card size="small">
            <Statistic title={t('meetings.daily.rate')} value={data ? fmtRate(data.totals.actual.views, data.totals.expectedViews) : '—'} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title={t('meetings.dashboard.expectedVsActual')}>
            <div data-testid="chart-platforms">
              <ReactECharts key={`bar-${chartLocale}`} option={barOption} notMerge opts={{ locale: chartLocale }} style={{ height: 300 }} />
            </div>
            <Table<PlatformEffect>
              size="small"
              rowKey="platform"
              pagination={false}
              dataSource={platforms}
              data-testid="platform-table"
              columns={[
                { title: t('meetings.daily.platform'), dataIndex: 'platform', render: (p: PlatformEffect['platform']) => label(PLATFORMS, p) },
                { title: t('meetings.dashboard.count'), dataIndex: 'items', align: 'right' },
                { title: t('meetings.dashboard.expected'), dataIndex: 'expectedViews', align: 'right', render: (v: number) => fmtNum(v) },
                { title: t('meetings.dashboard.actual'), key: 'a', align: 'right', render: (_, p) => fmtNum(p.actual.views) },
                { title: t('meetings.daily.rate'), key: 'r', render: (_, p) => <Tag color={rateColor(p.actual.views, p.expectedViews)}>{fmtRate(p.actual.views, p.expectedViews)}</Tag> },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('meetings.dashboard.top')}>
            <Table<ReviewRow>
              size="small"
              rowKey="deliverableId"
              pagination={false}
              dataSource={data?.top ?? []}
              columns={[
                { title: t('meetings.daily.item'), dataIndex: 'title', render: (title: string, r) => `${title}（${label(PLATFORMS, r.platform)}）` },
                { title: t('meetings.daily.actual'), key: 'a', align: 'right', render: (_, r) => fmtNum(r.actual.views) },
                { title: t('meetings.daily.rate'), key: 'r', render: (_, r) => <Tag color={rateColor(r.actual.views, r.expectedViews)}>{fmtRate(r.actual.views, r.expectedViews)}</Tag> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('meetings.dashboard.trend')}>
        <div data-testid="chart-trend">
          <ReactECharts key={`trend-${chartLocale}`} option={trendOption} notMerge opts={{ locale: chartLocale }} style={{ height: 280 }} />
        </div>
      </Card>
    </Space>
  );
}
