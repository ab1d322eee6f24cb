import { CheckOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Collapse, Drawer, Empty, Input, List, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { Candidate, ProjectDetail } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { PersonFacts, useTeamName } from './parts';
import { percent } from '../workload/format';
import { useProjects } from './store';

/**
 * Drawing people into the group: suggestions per needed team, then everyone
 * grouped by the ten teams, found by name, pinyin or skill, each with their
 * load this week and next, active projects and clashes on the key dates.
 */
export function MemberPicker({ open, project, onClose }: { open: boolean; project: ProjectDetail; onClose(): void }) {
  const t = useT();
  const { message, notification, modal } = App.useApp();
  const teams = useProjects((s) => s.teams);
  const candidates = useProjects((s) => s.candidates);
  const loading = useProjects((s) => s.candidatesLoading);
  const suggestions = useProjects((s) => s.suggestions);
  const { searchCandidates, loadSuggestions, addMember } = useProjects.getState();
  const teamName = useTeamName(teams);
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    void loadSuggestions(project.id);
  }, [open, project.id, loadSuggestions]);
  useEffect(() => {
    if (!open) return;
    const h = setTimeout(() => void searchCandidates(project.id, query.trim()), 150);
    return () => clearTimeout(h);
  }, [open, project.id, query, searchCandidates]);

  const byTeam = useMemo(() => {
    const m = new Map<string, Candidate[]>();
    for (const c of candidates) m.set(c.teamId, [...(m.get(c.teamId) ?? []), c]);
    return m;
  }, [candidates]);
  const searching = query.trim() !== '';
  // While searching, open every team that has a match; otherwise the teams the user opened.
  const activeKeys = searching ? teams.filter((x) => byTeam.has(x.id)).map((x) => x.id) : expanded;

  const add = async (c: Candidate): Promise<void> => {
    // Over 100 % this week or next: asked first, with the figure, never added without a word.
    const over = [c.thisWeek, c.nextWeek].find((w) => w.level === 'overloaded');
    if (over) {
      const go = await modal.confirm({
        title: t('projects.picker.overloadTitle', { name: c.name }),
        content: t('projects.picker.overloadBody', {
          name: c.name,
          pct: percent(over.ratio, t('workload.noCapacity')),
          week: over === c.thisWeek ? t('projects.picker.thisWeek') : t('projects.picker.nextWeek'),
        }),
        okText: t('projects.picker.addAnyway'),
        cancelText: t('common.cancel'),
      });
      if (!go) return;
    }
    setBusy(c.personId);
    try {
      const m = await addMember({ projectId: project.id, personId: c.personId });
      message.success(t('projects.picker.added', { name: m.name, role: m.role || t('projects.noRole'), h: m.hoursPerWeek }));
      if (m.clashes.length) {
        notification.warning({
          title: t('projects.picker.clashWarning', { name: m.name }),
          description: m.clashes
            .map((x) => (x.kind === 'project' ? `${x.date} ${x.projectName} ${x.label}` : `${x.date} ${x.label}`))
            .join('；'),
          placement: 'topRight',
        });
      }
    } finally {
      setBusy(null);
    }
  };

  const row = (c: Candidate) => (
    <List.Item
      key={c.personId}
      data-testid={`candidate-${c.name}`}
      actions={[
        c.inGroup ? (
          <Tag key="in" icon={<CheckOutlined />} color="success">
            {t('projects.picker.inGroup')}
          </Tag>
        ) : (
          <Button
            key="add"
            size="small"
            type="primary"
            ghost
            icon={<PlusOutlined />}
            loading={busy === c.personId}
            aria-label={t('projects.picker.addName', { name: c.name })}
            onClick={() => void add(c)}
          >
            {t('projects.picker.add')}
          </Button>
        ),
      ]}
    >
      <List.Item.Meta
        title={
          <Space size={6} wrap>
            <Typography.Text strong>{c.name}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {c.pinyin}
            </Typography.Text>
            {c.title && <Typography.Text type="secondary">{c.title}</Typography.Text>}
            {c.skills.map((s) => (
              <Tag key={s} bordered={false}>
                {s}
              </Tag>
            ))}
          </Space>
        }
        description={<PersonFacts c={c} />}
      />
    </List.Item>
  );

  return (
    <Drawer open={open} onClose={onClose} size={920} title={t('projects.picker.title', { name: project.name })} destroyOnHidden>
      <Input.Search
        allowClear
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('projects.picker.search')}
        aria-label={t('projects.picker.search')}
        style={{ marginBottom: 16 }}
      />
      {!searching && suggestions.length > 0 && (
        <Card size="small" title={t('projects.picker.suggestions')} style={{ marginBottom: 16 }} data-testid="suggestions">
          {suggestions.map((g) => (
            <div key={g.need.id} style={{ marginBottom: 8 }}>
              <Space size={6} wrap>
                <Typography.Text strong>{teamName(g.need.teamId)}</Typography.Text>
                <Tag color="blue">{g.need.role || t('projects.noRole')}</Tag>
                <Typography.Text type={g.have >= g.need.count ? 'success' : 'warning'}>
                  {t('projects.need.progress', { have: g.have, count: g.need.count })}
                </Typography.Text>
                {g.need.skill && <Typography.Text type="secondary">{t('projects.need.skillIs', { skill: g.need.skill })}</Typography.Text>}
              </Space>
              {g.people.length ? (
                <List size="small" dataSource={g.people.slice(0, 3)} renderItem={row} />
              ) : (
                <Typography.Paragraph type="secondary">{t('projects.picker.noSuggestion')}</Typography.Paragraph>
              )}
            </div>
          ))}
        </Card>
      )}
      <Typography.Title level={5}>{t('projects.picker.byTeam')}</Typography.Title>
      {searching && !loading && candidates.length === 0 ? (
        <Empty description={t('projects.picker.noMatch')} />
      ) : (
        <Collapse
          activeKey={activeKeys}
          onChange={(keys) => setExpanded(Array.isArray(keys) ? keys : [keys])}
          items={teams
            .filter((x) => !searching || byTeam.has(x.id))
            .map((x) => {
              const people = byTeam.get(x.id) ?? [];
              const inGroup = people.filter((c) => c.inGroup).length;
              return {
                key: x.id,
                label: (
                  <Space>
                    <span>{teamName(x.id)}</span>
                    <Typography.Text type="secondary">{t('projects.picker.teamCount', { n: people.length, inGroup })}</Typography.Text>
                  </Space>
                ),
                children: <List size="small" dataSource={people} renderItem={row} />,
              };
            })}
        />
      )}
    </Drawer>
  );
}
