import '../../rest-styles';
import { useLive } from '../../api/live';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../../../shared/contract';
import { PLATFORMS, PROJECT_STATUSES, type Platform, type ProjectStatus } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { useSession } from '../workspace/store';
import { StatusTag, useTeamName } from './parts';
import { ProjectForm, type ProjectFormValues } from './ProjectForm';
import { useProjects } from './store';
import { mayCreateProjects } from '../../../../shared/policy/roles';

/** All projects, filtered by status, platform, team involved, convener or "my projects". */
export function ProjectsPage() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const role = useSession((s) => s.actor?.role);
  const list = useProjects((s) => s.list);
  const loading = useProjects((s) => s.listLoading);
  const filters = useProjects((s) => s.filters);
  const teams = useProjects((s) => s.teams);
  const conveners = useProjects((s) => s.conveners);
  const templates = useProjects((s) => s.templates);
  const { setFilters, refreshList, loadReference, create } = useProjects.getState();
  const teamName = useTeamName(teams);
  const [query, setQuery] = useState(filters.search);
  const [creating, setCreating] = useState(false);
  const canCreate = mayCreateProjects(role);

  useEffect(() => {
    void loadReference();
    void refreshList();
  }, [loadReference, refreshList]);
  useLive(() => refreshList({ quiet: true }));
  useEffect(() => {
    if (query === useProjects.getState().filters.search) return;
    const h = setTimeout(() => setFilters({ search: query.trim() }), 200);
    return () => clearTimeout(h);
  }, [query, setFilters]);

  const submit = async (v: ProjectFormValues) => {
    const p = await create(v);
    setCreating(false);
    message.success(t('projects.created', { name: p.name }));
    navigate(`/projects/${p.id}`);
  };

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('projects.title')}
        </Typography.Title>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('projects.new')}
          </Button>
        )}
      </Space>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder={t('projects.filter.search')}
            aria-label={t('projects.filter.search')}
            style={{ width: 220 }}
          />
          <Select<ProjectStatus[]>
            mode="multiple"
            allowClear
            aria-label={t('projects.filter.status')}
            placeholder={t('projects.filter.status')}
            style={{ minWidth: 180 }}
            value={filters.statuses}
            onChange={(statuses) => setFilters({ statuses })}
            options={PROJECT_STATUSES.map((s) => ({ value: s.code, label: label(PROJECT_STATUSES, s.code) }))}
          />
          <Select<Platform>
            allowClear
            aria-label={t('projects.filter.platform')}
            placeholder={t('projects.filter.platform')}
            style={{ width: 150 }}
            value={filters.platform ?? undefined}
            onChange={(platform) => setFilters({ platform: platform ?? null })}
            options={PLATFORMS.map((p) => ({ value: p.code, label: label(PLATFORMS, p.code) }))}
          />
          <Select<string>
            allowClear
            aria-label={t('projects.filter.team')}
            placeholder={t('projects.filter.team')}
            style={{ width: 170 }}
            value={filters.teamId ?? undefined}
            onChange={(teamId) => setFilters({ teamId: teamId ?? null })}
            options={teams.map((x) => ({ value: x.id, label: teamName(x.id) }))}
          />
          <Select<string>
            allowClear
            showSearch={{ filterOption: (input, o) => String(o?.search ?? '').includes(input.toLowerCase()) }}
            aria-label={t('projects.filter.convener')}
            placeholder={t('projects.filter.convener')}
            style={{ width: 150 }}
            value={filters.convenerId ?? undefined}
            onChange={(convenerId) => setFilters({ convenerId: convenerId ?? null })}
            options={conveners.map((p) => ({ value: p.id, label: p.name, search: `${p.name}${p.pinyin}${p.pinyinInitials}` }))}
          />
          <Space size={6}>
            <Switch size="small" checked={filters.mine} onChange={(mine) => setFilters({ mine })} aria-label={t('projects.filter.mine')} />
            <span>{t('projects.filter.mine')}</span>
          </Space>
        </Space>
        <Table<ProjectSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={list}
          pagination={{ pageSize: 30, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('projects.empty') }}
          onRow={(p) => ({ onDoubleClick: () => navigate(`/projects/${p.id}`) })}
          columns={[
            {
              title: t('projects.field.name'),
              dataIndex: 'name',
              render: (_, p) => (
                <Space size={4}>
                  <Typography.Link strong href={`#/projects/${p.id}`}>
                    {p.name}
                  </Typography.Link>
                  {p.mine && <Tag color="purple">{t('projects.mineTag')}</Tag>}
                </Space>
              ),
            },
            { title: t('projects.field.status'), dataIndex: 'status', width: 96, render: (s: ProjectStatus) => <StatusTag status={s} /> },
            { title: t('projects.field.dates'), key: 'dates', width: 200, render: (_, p) => `${p.startDate} ~ ${p.endDate}` },
            {
              title: t('projects.field.keyDates'),
              key: 'keyDates',
              render: (_, p) => p.keyDates.map((k) => <Tag key={k.date + k.label}>{`${k.date.slice(5)} ${k.label}`}</Tag>),
            },
            { title: t('projects.field.convener'), dataIndex: 'convenerName', width: 90 },
            {
              title: t('projects.field.platforms'),
              dataIndex: 'platforms',
              render: (ps: Platform[]) => ps.map((p) => <Tag key={p}>{label(PLATFORMS, p)}</Tag>),
            },
            {
              title: t('projects.field.group'),
              key: 'group',
              width: 140,
              render: (_, p) => t('projects.groupSize', { n: p.memberCount, teams: p.teamIds.length }),
            },
          ]}
        />
      </Card>
      <ProjectForm open={creating} project={null} teams={teams} templates={templates} onCancel={() => setCreating(false)} onSubmit={submit} />
    </div>
  );
}
