import '../../rest-styles';
import { useLive } from '../../api/live';
import { FormDialog } from '../../components/FormDialog';
import { ArrowLeftOutlined, DownOutlined, EditOutlined, FieldTimeOutlined, ProjectOutlined, SaveOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Row,
  Space,
  Spin,
  Statistic,
  Steps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { GroupMember, ProjectDetail } from '../../../../shared/contract';
import { PLATFORMS, PRODUCT_FORMS, PROJECT_STATUSES, type ProjectStatus } from '../../../../shared/domain';
import { localDateTime } from '../../../../shared/time';
import { useDataLabel, useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { ProjectGearCard } from '../gear/ProjectGearCard';
import { MemberPicker } from './MemberPicker';
import { PlaceAnswer, PlaceTag } from './PlaceAnswer';
import { PersonFacts, StatusTag, useTeamName } from './parts';
import { ProjectForm, type ProjectFormValues } from './ProjectForm';
import { selectCurrent, useProjects } from './store';
import { PROJECT_STATUS_ORDER, projectStatusMoves } from '../../../../shared/policy/status';


/** The project at a glance: the business need, status with who/when, counts, and the group laid out by team. */
export function ProjectOverview({ projectId }: { projectId: string }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const project = useProjects(selectCurrent);
  const teams = useProjects((s) => s.teams);
  const templates = useProjects((s) => s.templates);
  const { open, loadReference, update, setStatus, saveTemplate } = useProjects.getState();
  const [picking, setPicking] = useState(false);
  const [editing, setEditing] = useState(false);
  const [savingTemplate, setSavingTemplate] = useState(false);

  useEffect(() => {
    void loadReference();
    void open(projectId);
  }, [projectId, open, loadReference]);
  useLive(() => open(projectId));

  if (!project || project.id !== projectId) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const p = project;
  const can = p.canManage;
  const readOnly = p.status === 'archived';

  const submitEdit = async (v: ProjectFormValues) => {
    await update({ id: p.id, ...v });
    setEditing(false);
    message.success(t('common.saved'));
  };

  const moveTo = async (s: ProjectStatus) => {
    await setStatus(p.id, s);
    message.success(t('projects.statusChanged', { status: label(PROJECT_STATUSES, s) }));
  };

  const { next, back } = projectStatusMoves(p.status);
  const lastChange = new Map(p.statusHistory.map((h) => [h.status, h]));

  return (
    <div>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/projects')} style={{ paddingInline: 0 }}>
        {t('projects.backToList')}
      </Button>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space align="center">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {p.name}
          </Typography.Title>
          <StatusTag status={p.status} />
        </Space>
        <Space wrap>
          <Button type="primary" size="large" icon={<ProjectOutlined />} onClick={() => navigate(`/projects/${p.id}/board`)}>
            {t('projects.board')}
          </Button>
          <Button size="large" icon={<FieldTimeOutlined />} onClick={() => navigate(`/timeline/${p.id}`)}>
            {t('timeline.openTimeline')}
          </Button>
          {can && (
            <>
              {next && (
                <Space.Compact>
                  <Button onClick={() => void moveTo(next)}>{t('projects.status.moveTo', { status: label(PROJECT_STATUSES, next) })}</Button>
                  {back && (
                    <Dropdown
                      menu={{
                        items: [{ key: back, label: t('projects.status.backTo', { status: label(PROJECT_STATUSES, back) }) }],
                        onClick: (e) => void moveTo(e.key as ProjectStatus),
                      }}
                    >
                      <Button icon={<DownOutlined />} aria-label={t('projects.status.more')} />
                    </Dropdown>
                  )}
                </Space.Compact>
              )}
              {!next && back && (
                <Button onClick={() => void moveTo(back)}>{t('projects.status.backTo', { status: label(PROJECT_STATUSES, back) })}</Button>
              )}
              <Button icon={<EditOutlined />} disabled={readOnly} onClick={() => setEditing(true)}>
                {t('projects.edit')}
              </Button>
              <Button icon={<SaveOutlined />} onClick={() => setSavingTemplate(true)}>
                {t('projects.saveAsTemplate')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <PlaceAnswer project={p} />
      {!can && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="read-only"
          title={t('projects.readOnly.title')}
          description={t('projects.readOnly.text', { convener: p.convenerName })}
        />
      )}
      <Row gutter={16}>
        <Col span={14}>
          <Card size="small" title={t('projects.need.title')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={1} styles={{ label: { width: 96 } }}>
              <Descriptions.Item label={t('projects.field.content')}>{p.content || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('projects.field.formats')}>
                {p.formats.map((f) => (
                  <Tag key={f}>{label(PRODUCT_FORMS, f)}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('projects.field.audience')}>{p.audience || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('projects.field.platforms')}>
                {p.platforms.map((f) => (
                  <Tag key={f}>{label(PLATFORMS, f)}</Tag>
                ))}
              </Descriptions.Item>
              <Descriptions.Item label={t('projects.field.dates')}>{`${p.startDate} ~ ${p.endDate}`}</Descriptions.Item>
              <Descriptions.Item label={t('projects.field.keyDates')}>
                {p.keyDates.length
                  ? p.keyDates.map((k) => (
                      <Tag color="volcano" key={k.date + k.label}>
                        {`${k.date} ${k.label}`}
                      </Tag>
                    ))
                  : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('projects.field.brief')}>{p.brief || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('projects.field.convener')}>{p.convenerName}</Descriptions.Item>
              {p.templateName && <Descriptions.Item label={t('projects.form.template')}>{p.templateName}</Descriptions.Item>}
            </Descriptions>
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" style={{ marginBottom: 16 }} data-testid="counts">
            <Row gutter={8}>
              <Col span={6}>
                <Statistic title={t('projects.count.members')} value={p.group.length} />
              </Col>
              <Col span={6}>
                <Statistic title={t('projects.count.teams')} value={new Set(p.group.map((g) => g.teamId)).size} />
              </Col>
              <Col span={6}>
                <Statistic title={t('projects.count.tasks')} value={p.counts.tasks} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('projects.count.open', { n: p.counts.openTasks })}
                </Typography.Text>
              </Col>
              <Col span={6}>
                <Statistic title={t('projects.count.deliverables')} value={p.counts.deliverables} />
              </Col>
            </Row>
          </Card>
          <Card size="small" title={t('projects.status.title')} style={{ marginBottom: 16 }}>
            <Steps
              size="small"
              orientation="vertical"
              current={PROJECT_STATUS_ORDER.indexOf(p.status)}
              items={PROJECT_STATUS_ORDER.map((s) => {
                const h = lastChange.get(s);
                return {
                  title: label(PROJECT_STATUSES, s),
                  content: h ? t('projects.status.by', { who: h.actorName ?? '—', at: localDateTime(h.at) }) : undefined,
                };
              })}
            />
          </Card>
          <ProjectGearCard projectId={p.id} projectName={p.name} />
        </Col>
      </Row>
      <GroupByTeam project={p} onAdd={() => setPicking(true)} readOnly={readOnly} />
      {can && <MemberPicker open={picking} project={p} onClose={() => setPicking(false)} />}
      <ProjectForm open={editing} project={p} teams={teams} templates={templates} onCancel={() => setEditing(false)} onSubmit={submitEdit} />
      <SaveTemplateModal
        open={savingTemplate}
        defaultName={t('projects.templateNameDefault', { name: p.name })}
        onCancel={() => setSavingTemplate(false)}
        onSubmit={async (name, description) => {
          const tpl = await saveTemplate({ projectId: p.id, name, description });
          setSavingTemplate(false);
          message.success(t('projects.templateSaved', { name: tpl.name }));
        }}
      />
    </div>
  );
}

/** The group laid out by team: what each team gives, against what the project needs from it. */
function GroupByTeam({ project: p, onAdd, readOnly }: { project: ProjectDetail; onAdd(): void; readOnly: boolean }) {
  const t = useT();
  const dataLabel = useDataLabel();
  const teams = useProjects((s) => s.teams);
  const teamName = useTeamName(teams);
  const [editing, setEditing] = useState<GroupMember | null>(null);
  const { removeMember, updateMember } = useProjects.getState();
  const { message } = App.useApp();
  const shown = teams.filter((x) => p.group.some((g) => g.teamId === x.id) || p.needs.some((n) => n.teamId === x.id));
  const clashing = p.group.filter((g) => g.clashes.length).length;
  const pending = p.group.filter((g) => g.response === 'pending').length;
  const declined = p.group.filter((g) => g.response === 'declined').length;

  return (
    <Card
      title={
        <Space>
          <span>{t('projects.group.title')}</span>
          <Typography.Text type="secondary">{t('projects.groupSize', { n: p.group.length, teams: new Set(p.group.map((g) => g.teamId)).size })}</Typography.Text>
          {clashing > 0 && <Tag color="red">{t('projects.group.clashCount', { n: clashing })}</Tag>}
          {pending > 0 && <Tag data-testid="group-pending">{t('projects.group.pendingCount', { n: pending })}</Tag>}
          {declined > 0 && (
            <Tag color="error" data-testid="group-declined">
              {t('projects.group.declinedCount', { n: declined })}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Tooltip title={p.canManage ? undefined : t('projects.readOnly.title')}>
          {/* A disabled button swallows hover: the span carries the tooltip. */}
          <span>
            <Button type="primary" icon={<UserAddOutlined />} disabled={!p.canManage || readOnly} onClick={onAdd}>
              {t('projects.group.add')}
            </Button>
          </span>
        </Tooltip>
      }
    >
      {shown.length === 0 ? (
        <Empty description={t('projects.group.empty')} />
      ) : (
        <Row gutter={[16, 16]}>
          {shown.map((team) => {
            const members = p.group.filter((g) => g.teamId === team.id);
            const needs = p.needs.filter((n) => n.teamId === team.id);
            const needed = needs.reduce((s, n) => s + n.count, 0);
            return (
              <Col span={12} key={team.id}>
                <Card
                  size="small"
                  type="inner"
                  data-testid={`group-team-${team.name}`}
                  title={
                    <Space>
                      <span>{teamName(team.id)}</span>
                      <Typography.Text type="secondary">{t('projects.count.people', { n: members.length })}</Typography.Text>
                    </Space>
                  }
                  extra={
                    needs.length > 0 && (
                      <Typography.Text type={members.length >= needed ? 'success' : 'warning'}>
                        {t('projects.need.short', { roles: needs.map((n) => n.role).filter(Boolean).join('、'), count: needed })}
                      </Typography.Text>
                    )
                  }
                >
                  <List
                    size="small"
                    dataSource={members}
                    locale={{ emptyText: t('projects.group.noneFromTeam') }}
                    renderItem={(m) => (
                      <List.Item
                        data-testid={`member-${m.name}`}
                        actions={
                          p.canManage && !readOnly
                            ? [
                                <Button key="e" type="link" size="small" onClick={() => setEditing(m)}>
                                  {t('common.edit')}
                                </Button>,
                                <Popconfirm
                                  key="r"
                                  title={t('projects.group.removeConfirm', { name: m.name })}
                                  okText={t('common.confirm')}
                                  cancelText={t('common.cancel')}
                                  onConfirm={() =>
                                    removeMember(p.id, m.personId).then(() => void message.success(t('projects.group.removed', { name: m.name })))
                                  }
                                >
                                  <Button type="link" size="small" danger>
                                    {t('projects.group.remove')}
                                  </Button>
                                </Popconfirm>,
                              ]
                            : []
                        }
                      >
                        <List.Item.Meta
                          title={
                            <Space size={6} wrap>
                              <Typography.Text strong>{m.name}</Typography.Text>
                              <Tag color="blue">{m.role ? dataLabel(m.role) : t('projects.noRole')}</Tag>
                              <Typography.Text type="secondary">{t('projects.hoursPerWeek', { h: m.hoursPerWeek })}</Typography.Text>
                              <PlaceTag member={m} />
                            </Space>
                          }
                          description={<PersonFacts c={m} />}
                        />
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      <MemberEditModal
        member={editing}
        onCancel={() => setEditing(null)}
        onSubmit={async (role, hoursPerWeek) => {
          await updateMember({ projectId: p.id, personId: editing!.personId, role, hoursPerWeek });
          setEditing(null);
          message.success(t('common.saved'));
        }}
      />
    </Card>
  );
}

function MemberEditModal({
  member,
  onCancel,
  onSubmit,
}: {
  member: GroupMember | null;
  onCancel(): void;
  onSubmit(role: string, hours: number): Promise<void>;
}) {
  const t = useT();
  return (
    <FormDialog<{ role?: string; hours?: number }>
      open={member !== null}
      name="group-member"
      title={member ? t('projects.group.editTitle', { name: member.name }) : ''}
      initialValues={member ? { role: member.role, hours: member.hoursPerWeek } : {}}
      onClose={onCancel}
      onSubmit={(v) => onSubmit(v.role ?? '', v.hours ?? 0)}
    >
      <Form.Item name="role" label={t('projects.need.role')}>
        <Input maxLength={40} />
      </Form.Item>
      <Form.Item name="hours" label={t('projects.group.hours')}>
        <InputNumber min={0} max={80} suffix={t('common.hoursPerWeek')} />
      </Form.Item>
    </FormDialog>
  );
}

function SaveTemplateModal({
  open,
  defaultName,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  defaultName: string;
  onCancel(): void;
  onSubmit(name: string, description: string): Promise<void>;
}) {
  const t = useT();
  return (
    <FormDialog<{ name: string; description?: string }>
      open={open}
      name="save-template"
      title={t('projects.saveAsTemplate')}
      intro={<Typography.Paragraph type="secondary">{t('projects.templateHint')}</Typography.Paragraph>}
      initialValues={{ name: defaultName, description: '' }}
      onClose={onCancel}
      onSubmit={(v) => onSubmit(v.name, v.description ?? '')}
    >
      <Form.Item name="name" label={t('projects.templateName')} rules={[{ required: true, whitespace: true }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="description" label={t('projects.templateDescription')}>
        <Input maxLength={300} />
      </Form.Item>
    </FormDialog>
  );
}
