import '../../rest-styles';
import { DownloadOutlined, EditOutlined, PlusOutlined, SwapOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Dropdown, Input, Menu, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Person, Team } from '../../../../shared/contract';
import { ROLE_LABELS } from '../../../../shared/domain';
import { useLocaleStore, useT } from '../../i18n';
import { selectActor, selectCanManageStaff, useSession } from '../workspace/store';
import { PersonForm, type PersonFormValues } from './PersonForm';
import { usePeople } from './store';
import { changedFields } from '../sync/changed';
import { useLive } from '../../api/live';
import { useRouter } from '../../shell/router';
import { TeamForm } from './TeamForm';
import { RosterImport } from './RosterImport';
import { downloadFile } from '../../api/files';
import { isAdmin } from '../../../../shared/policy/roles';

export function PeoplePage() {
  const t = useT();
  const { message } = App.useApp();
  const locale = useLocaleStore((s) => s.locale);
  const actor = useSession(selectActor);
  const canManage = useSession(selectCanManageStaff);
  const teams = usePeople((s) => s.teams);
  const people = usePeople((s) => s.people);
  const loading = usePeople((s) => s.loading);
  const teamId = usePeople((s) => s.teamId);
  const includeInactive = usePeople((s) => s.includeInactive);
  const { refresh, setSearch, setTeam, setIncludeInactive, createPerson, updatePerson, setActive, createTeam, updateTeam, exportRoster } = usePeople.getState();
  const qParam = useRouter((s) => s.query.get('q'));
  const [query, setQuery] = useState(qParam ?? usePeople.getState().search);
  useEffect(() => {
    if (qParam !== null) setQuery(qParam);
  }, [qParam]);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [editingTeam, setEditingTeam] = useState<Team | 'new' | null>(null);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useLive(() => refresh());
  useEffect(() => {
    const h = setTimeout(() => setSearch(query.trim()), 150);
    return () => clearTimeout(h);
  }, [query, setSearch]);

  const teamName = useMemo(() => {
    const m = new Map(teams.map((x) => [x.id, locale === 'en' && x.nameEn ? x.nameEn : x.name]));
    return (id: string) => m.get(id) ?? '';
  }, [teams, locale]);
  const total = teams.reduce((n, x) => n + x.headcount, 0);

  const submitPerson = async (v: PersonFormValues) => {
    if (editing === 'new') {
      const { login, ...rest } = v;
      const p = await createPerson(login ? { ...rest, login } : rest);
      message.success(t('people.created', { name: p.name }));
    } else if (editing) {
      const p = await updatePerson({ id: editing.id, ...changedFields(editing, v) });
      message.success(t('people.updated', { name: p.name }));
    }
    setEditing(null);
  };

  const submitTeam = async (v: { name: string; nameEn: string; skills: string[] }) => {
    if (editingTeam === 'new') await createTeam({ ...v, description: '' });
    else if (editingTeam) await updateTeam({ id: editingTeam.id, ...changedFields(editingTeam, v) });
    setEditingTeam(null);
  };

  const move = async (p: Person, to: string) => {
    const updated = await updatePerson({ id: p.id, teamId: to });
    message.success(t('people.moved', { name: updated.name, team: teamName(to) }));
  };

  return (
    <div>
      <Typography.Title level={3}>{t('people.title')}</Typography.Title>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <Card size="small" style={{ width: 240, flex: 'none' }} styles={{ body: { padding: 4 } }}>
          <Menu
            aria-label={t('people.team')}
            selectedKeys={[teamId ?? 'all']}
            onClick={(e) => setTeam(e.key === 'all' ? null : e.key)}
            style={{ borderInlineEnd: 'none' }}
            items={[
              { key: 'all', label: <TeamLabel name={t('people.allTeams')} n={total} /> },
              ...teams.map((x) => ({ key: x.id, label: <TeamLabel name={teamName(x.id)} n={x.headcount} /> })),
            ]}
          />
          {canManage && (
            <Space style={{ padding: 8 }}>
              <Button size="small" icon={<PlusOutlined />} onClick={() => setEditingTeam('new')}>
                {t('people.addTeam')}
              </Button>
              {teamId && (
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditingTeam(teams.find((x) => x.id === teamId) ?? null)}>
                  {t('people.editTeam')}
                </Button>
              )}
            </Space>
          )}
        </Card>
        <Card size="small" style={{ flex: 1, minWidth: 0 }}>
          <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
            <Space wrap>
              <Input.Search
                allowClear
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder={t('people.searchPlaceholder')}
                aria-label={t('people.searchPlaceholder')}
                style={{ width: 300 }}
              />
              <Space size={6}>
                <Switch size="small" checked={includeInactive} onChange={setIncludeInactive} aria-label={t('people.showInactive')} />
                <span>{t('people.showInactive')}</span>
              </Space>
            </Space>
            {canManage && (
              <Space wrap>
                <Button icon={<DownloadOutlined />} onClick={() => void exportRoster('xlsx').then(downloadFile)}>
                  {t('people.roster.export')}
                </Button>
                {isAdmin(actor?.role) && (
                  <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                    {t('people.roster.import')}
                  </Button>
                )}
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                  {t('people.add')}
                </Button>
              </Space>
            )}
          </Space>
          <Table<Person>
            rowKey="id"
            size="middle"
            loading={loading}
            dataSource={people}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: t('people.noResults') }}
            columns={[
              {
                title: t('people.name'),
                dataIndex: 'name',
                render: (_, p) => (
                  <Space direction="vertical" size={0}>
                    <Typography.Text strong>{p.name}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.pinyin}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: t('people.team'), dataIndex: 'teamId', render: (id: string) => teamName(id) },
              { title: t('people.title2'), dataIndex: 'title' },
              {
                title: t('people.skills'),
                dataIndex: 'skills',
                render: (skills: string[]) => skills.map((s) => <Tag key={s}>{s}</Tag>),
              },
              {
                title: t('people.role'),
                dataIndex: 'role',
                render: (r: Person['role']) => ROLE_LABELS[r][locale === 'en' ? 'en' : 'zh'],
              },
              { title: t('people.capacity'), dataIndex: 'capacityHours', align: 'right', width: 110 },
              {
                title: t('people.status'),
                dataIndex: 'active',
                render: (a: boolean) => <Badge status={a ? 'success' : 'default'} text={a ? t('people.active') : t('people.inactive')} />,
              },
              ...(canManage
                ? [
                    {
                      title: t('common.actions'),
                      key: 'actions',
                      render: (_: unknown, p: Person) => (
                        <Space size={0}>
                          <Button type="link" size="small" onClick={() => setEditing(p)}>
                            {t('common.edit')}
                          </Button>
                          <Dropdown
                            trigger={['click']}
                            menu={{
                              items: teams.filter((x) => x.id !== p.teamId).map((x) => ({ key: x.id, label: teamName(x.id) })),
                              onClick: (e) => void move(p, e.key),
                            }}
                          >
                            <Button type="link" size="small" icon={<SwapOutlined />}>
                              {t('people.move')}
                            </Button>
                          </Dropdown>
                          {p.active ? (
                            <Popconfirm
                              title={t('people.deactivateConfirm', { name: p.name })}
                              okText={t('common.confirm')}
                              cancelText={t('common.cancel')}
                              onConfirm={() => setActive(p.id, false).then((x) => void message.success(t('people.deactivated', { name: x.name })))}
                            >
                              <Button type="link" size="small" danger disabled={p.id === actor?.id}>
                                {t('people.deactivate')}
                              </Button>
                            </Popconfirm>
                          ) : (
                            <Button
                              type="link"
                              size="small"
                              onClick={() => void setActive(p.id, true).then((x) => void message.success(t('people.reactivated', { name: x.name })))}
                            >
                              {t('people.reactivate')}
                            </Button>
                          )}
                        </Space>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </div>
      <PersonForm
        open={editing !== null}
        person={editing === 'new' ? null : editing}
        teams={teams}
        defaultTeamId={teamId}
        canGrantAdmin={isAdmin(actor?.role)}
        onCancel={() => setEditing(null)}
        onSubmit={submitPerson}
      />
      <RosterImport open={importing} onClose={() => setImporting(false)} />
      <TeamForm open={editingTeam !== null} team={editingTeam === 'new' ? null : editingTeam} onCancel={() => setEditingTeam(null)} onSubmit={submitTeam} />
    </div>
  );
}

function TeamLabel({ name, n }: { name: string; n: number }) {
  return (
    <span style={{ display: 'flex', justifyContent: 'space-between' }}>
      <span>{name}</span>
      <span style={{ color: '#999' }}>{n}</span>
    </span>
  );
}
