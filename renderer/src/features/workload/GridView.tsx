import { Alert, Card, Col, Empty, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import type { WeekCell, WorkloadGrid, WorkloadPersonRow, WorkloadTeamBlock } from '../../../../shared/contract';
import { ROLE_LABELS, ROLES } from '../../../../shared/domain';
import { addDays } from '../../../../shared/time';
import { useLocaleStore, useT } from '../../i18n';
import { CellDrawer } from './CellDrawer';
import { hours, LEVEL_COLOR, percent } from './format';
import { useWorkload } from './store';
import { useLive } from '../../api/live';

type RowData =
  | { key: string; kind: 'team'; team: WorkloadTeamBlock; children: RowData[] }
  | { key: string; kind: 'person'; person: WorkloadPersonRow };

export function GridView() {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const grid = useWorkload((s) => s.grid);
  const loading = useWorkload((s) => s.loading);
  const filters = useWorkload((s) => s.filters);
  const allTeams = useWorkload((s) => s.allTeams);
  const { refresh, setFilters, openCell } = useWorkload.getState();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useLive(refresh);

  const teamName = (b: { name: string; nameEn: string }) => (locale === 'en' && b.nameEn ? b.nameEn : b.name);
  const role = (r: keyof typeof ROLE_LABELS) => ROLE_LABELS[r][locale === 'en' ? 'en' : 'zh'];

  const data: RowData[] = useMemo(
    () =>
      (grid?.teams ?? []).map((team) => ({
        key: `team:${team.teamId}`,
        kind: 'team' as const,
        team,
        children: team.people.map((person) => ({ key: person.id, kind: 'person' as const, person })),
      })),
    [grid],
  );

  const columns: ColumnsType<RowData> = [
    {
      title: t('workload.person'),
      key: 'name',
      fixed: 'left',
      width: 210,
      render: (_, r) =>
        r.kind === 'team' ? (
          <Space size={6}>
            <Typography.Text strong>{teamName(r.team)}</Typography.Text>
            <Typography.Text type="secondary">{t('workload.people', { n: r.team.people.length })}</Typography.Text>
          </Space>
        ) : (
          <Space size={6}>
            <span>{r.person.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.person.title || role(r.person.role)}
            </Typography.Text>
          </Space>
        ),
    },
    ...(grid?.weeks ?? []).map((w, i) => ({
      title: (
        <Tooltip title={t('workload.weekRange', { from: w.weekStart, to: addDays(w.weekStart, 6) })}>
          <div style={{ lineHeight: 1.2 }}>
            <div>{t('workload.weekLabel', { week: w.week })}</div>
            <Typography.Text type="secondary" style={{ fontSize: 11, fontWeight: 'normal' }}>
              {w.weekStart.slice(5).replace('-', '/')}
            </Typography.Text>
          </div>
        </Tooltip>
      ),
      key: w.weekStart,
      width: 92,
      align: 'center' as const,
      render: (_: unknown, r: RowData) => {
        if (r.kind === 'team') {
          const c = r.team.totals[i]!;
          return (
            <Tooltip title={`${t('workload.teamTotal')} ${t('workload.hoursOf', { total: hours(c.totalHours), cap: hours(c.capacityHours) })}`}>
              <Typography.Text strong type={c.level === 'overloaded' ? 'danger' : undefined} data-testid={`team-${r.team.teamId}-${w.weekStart}`}>
                {percent(c.ratio, t('workload.noCapacity'))}
              </Typography.Text>
            </Tooltip>
          );
        }
        return <LoadCell cell={r.person.cells[i]!} name={r.person.name} personId={r.person.id} onOpen={() => void openCell(r.person.id, w.weekStart)} />;
      },
    })),
  ];

  return (
    <div>
      {grid && <Alerts grid={grid} onOpen={(id) => void openCell(id, grid.alerts.nextWeek)} />}
      <Space wrap style={{ margin: '12px 0' }}>
        {grid?.scope === 'all' && (
          <>
            <Select
              aria-label={t('workload.filter.team')}
              style={{ width: 180 }}
              allowClear
              placeholder={t('workload.filter.team')}
              value={filters.teamId ?? undefined}
              onChange={(v?: string) => setFilters({ teamId: v ?? null })}
              options={allTeams.map((x) => ({ value: x.id, label: teamName(x) }))}
            />
            <Select
              aria-label={t('workload.filter.role')}
              style={{ width: 150 }}
              allowClear
              placeholder={t('workload.filter.role')}
              value={filters.role ?? undefined}
              onChange={(v?: (typeof ROLES)[number]) => setFilters({ role: v ?? null })}
              options={ROLES.map((r) => ({ value: r, label: role(r) }))}
            />
            <Select
              aria-label={t('workload.filter.project')}
              style={{ width: 260 }}
              allowClear
              showSearch={{ filterOption: (input, o) => String(o?.label ?? '').includes(input) }}
              placeholder={t('workload.filter.project')}
              value={filters.projectId ?? undefined}
              onChange={(v?: string) => setFilters({ projectId: v ?? null })}
              options={(grid?.projects ?? []).map((p) => ({ value: p.id, label: p.name }))}
            />
          </>
        )}
        <Select
          aria-label={t('workload.weeks')}
          style={{ width: 110 }}
          value={filters.weeks}
          onChange={(weeks: number) => setFilters({ weeks })}
          options={[12, 16, 26].map((n) => ({ value: n, label: `${n} ${locale === 'en' ? 'weeks' : '周'}` }))}
        />
        <Tooltip title={t('workload.tentative.hint')}>
          <Space size={4}>
            <Switch
              size="small"
              checked={filters.tentative}
              aria-label={t('workload.tentative.count')}
              onChange={(tentative) => setFilters({ tentative })}
              data-testid="tentative-switch"
            />
            <Typography.Text>{t('workload.tentative.count')}</Typography.Text>
          </Space>
        </Tooltip>
        <Tag color={LEVEL_COLOR.free}>{t('workload.legend.free')}</Tag>
        <Tag color={LEVEL_COLOR.busy}>{t('workload.legend.busy')}</Tag>
        <Tag color={LEVEL_COLOR.overloaded}>{t('workload.legend.overloaded')}</Tag>
        {filters.tentative && <Tag style={{ borderStyle: 'dashed' }}>{t('workload.legend.tentative')}</Tag>}
      </Space>
      {grid?.scope === 'self' && <Alert type="info" showIcon title={t('workload.selfOnly')} style={{ marginBottom: 12 }} />}
      <Table<RowData>
        size="small"
        bordered
        loading={loading && !grid}
        columns={columns}
        dataSource={data}
        pagination={false}
        scroll={{ x: 'max-content', y: 'calc(100vh - 380px)' }}
        rowClassName={(r) => (r.kind === 'team' ? 'workload-team-row' : '')}
        onRow={(r) => (r.kind === 'team' ? { style: { background: '#fafafa' } } : {})}
        expandable={{
          expandedRowKeys: data.map((d) => d.key).filter((k) => !collapsed.has(k)),
          onExpand: (open, r) =>
            setCollapsed((s) => {
              const n = new Set(s);
              if (open) n.delete(r.key);
              else n.add(r.key);
              return n;
            }),
        }}
        locale={{ emptyText: <Empty /> }}
        data-testid="workload-grid"
      />
      <CellDrawer />
    </div>
  );
}

function LoadCell({ cell, name, personId, onOpen }: { cell: WeekCell; name: string; personId: string; onOpen: () => void }) {
  const t = useT();
  const tentative = cell.tentativeHours > 0;
  const label = `${name} ${cell.weekStart} ${t(`workload.level.${cell.level}`)} ${hours(cell.totalHours)}/${hours(cell.capacityHours)}${
    tentative ? ` ${t('workload.tentative.part', { h: hours(cell.tentativeHours) })}` : ''
  }`;
  return (
    <Tooltip
      title={
        <div>
          <div>{t('workload.hoursOf', { total: hours(cell.totalHours), cap: hours(cell.capacityHours) })} · {percent(cell.ratio, t('workload.noCapacity'))}</div>
          <div>{t('workload.drawer.allocated')}：{hours(cell.allocatedHours)}</div>
          <div>{t('workload.drawer.taskHours')}：{hours(cell.taskHours)}</div>
          {tentative && <div>{t('workload.tentative.part', { h: hours(cell.tentativeHours) })}</div>}
          {cell.dutyHours > 0 && <div>{t('workload.drawer.dutyHours')}：{hours(cell.dutyHours)}</div>}
          {cell.timeOffHours > 0 && <div>{t('workload.drawer.timeOff')}：−{hours(cell.timeOffHours)}</div>}
        </div>
      }
    >
      <Tag
        color={LEVEL_COLOR[cell.level]}
        role="button"
        tabIndex={0}
        aria-label={label}
        data-testid={`cell-${personId}-${cell.weekStart}`}
        data-level={cell.level}
        data-total={cell.totalHours}
        data-tentative={cell.tentativeHours}
        onClick={onOpen}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onOpen()}
        style={{ cursor: 'pointer', margin: 0, minWidth: 68, textAlign: 'center', borderStyle: tentative ? 'dashed' : undefined }}
      >
        {hours(cell.totalHours)}/{hours(cell.capacityHours)}
      </Tag>
    </Tooltip>
  );
}

function Alerts({ grid, onOpen }: { grid: WorkloadGrid; onOpen: (personId: string) => void }) {
  const t = useT();
  const locale = useLocaleStore((s) => s.locale);
  const allTeams = useWorkload((s) => s.allTeams);
  const teamName = (id: string, fallback: string): string => {
    const team = allTeams.find((x) => x.id === id);
    return team && locale === 'en' && team.nameEn ? team.nameEn : fallback;
  };
  const a = grid.alerts;
  return (
    <Row gutter={12}>
      <Col span={12}>
        <Card size="small" title={t('workload.alert.overloaded', { week: a.nextWeek })} data-testid="alert-overloaded">
          {a.overloaded.length === 0 ? (
            <Typography.Text type="secondary">{t('workload.alert.overloadedNone')}</Typography.Text>
          ) : (
            <Space wrap size={[6, 6]}>
              {a.overloaded.map((o) => (
                <Tag key={o.personId} color="error" style={{ cursor: 'pointer' }} onClick={() => onOpen(o.personId)}>
                  {o.name} · {teamName(o.teamId, o.teamName)} · {percent(o.ratio, t('workload.noCapacity'))}
                </Tag>
              ))}
            </Space>
          )}
        </Card>
      </Col>
      <Col span={12}>
        <Card size="small" title={t('workload.alert.overdue')} data-testid="alert-overdue">
          {a.overdue.length === 0 ? (
            <Typography.Text type="secondary">{t('workload.alert.overdueNone')}</Typography.Text>
          ) : (
            <Space wrap size={[6, 6]}>
              {a.overdue.map((o) => (
                <Tooltip key={o.personId} title={o.tasks.map((x) => `${x.title}（${x.projectName}）`).join('；')}>
                  <Tag color="orange">
                    {o.name} · {t('workload.alert.tasks', { n: o.tasks.length })}
                  </Tag>
                </Tooltip>
              ))}
            </Space>
          )}
        </Card>
      </Col>
    </Row>
  );
}
