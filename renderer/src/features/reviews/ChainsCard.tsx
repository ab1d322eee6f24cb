import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, List, Modal, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ReviewChains, ShiftType } from '../../../../shared/contract';
import { localDate } from '../../../../shared/time';
import { PLATFORMS, type Platform } from '../../../../shared/domain';
import { MAX_REVIEW_STEPS, REVIEWER_ROLES, type ReviewerRef, type ReviewRule, type ReviewStepSpec } from '../../../../shared/reviews';
import { searchPeople } from '../../../../shared/people-search';
import { call, callQuiet } from '../../api/client';
import { useLive } from '../../api/live';
import { useLabel, useT } from '../../i18n';
import { usePeopleDirectory } from '../people/directory';

/** A reviewer as a select value: 'convener', 'role:manager', 'person:<id>'. */
const refKey = (r: ReviewerRef): string =>
  r.kind === 'person' ? `person:${r.personId}` : r.kind === 'role' ? `role:${r.role}` : r.kind === 'duty' ? `duty:${r.shiftTypeId}` : 'convener';
function refOf(key: string): ReviewerRef | null {
  if (key === 'convener') return { kind: 'convener' };
  const [kind, v] = key.split(':');
  if (kind === 'duty' && v) return { kind: 'duty', shiftTypeId: v };
  if (kind === 'role' && (REVIEWER_ROLES as readonly string[]).includes(v ?? '')) return { kind: 'role', role: v as (typeof REVIEWER_ROLES)[number] };
  if (kind === 'person' && v) return { kind: 'person', personId: v };
  return null;
}

interface DraftStep {
  name: string;
  rule: ReviewRule;
  reviewers: string[];
}

/** The center's shift types (a step may name whoever is on one, e.g. 值班主编). */
function useShiftTypes(): ShiftType[] {
  const [shifts, setShifts] = useState<ShiftType[]>([]);
  const load = useCallback(async () => {
    const today = localDate(Date.now());
    const r = await callQuiet('rota.get', { from: today, to: today }).catch(() => null);
    if (r) setShifts(r.shiftTypes);
  }, []);
  useEffect(() => void load(), [load]);
  useLive(load);
  return shifts;
}

/** The people, roles, duty shifts and the convener a step may name, searchable by name or pinyin. */
function useReviewerNames() {
  const t = useT();
  const people = usePeopleDirectory();
  const shifts = useShiftTypes();
  return useMemo(() => {
    const names = new Map<string, string>([
      ['convener', t('reviews.reviewer.convener')],
      ...REVIEWER_ROLES.map((r) => [`role:${r}`, t(`reviews.reviewer.role.${r}`)] as [string, string]),
      ...shifts.filter((s) => !s.archived).map((s) => [`duty:${s.id}`, t('rota.reviewerDuty', { name: s.name })] as [string, string]),
    ]);
    for (const p of people ?? []) if (p.active) names.set(`person:${p.id}`, p.name);
    return { names, people: people ?? [] };
  }, [people, shifts, t]);
}

export function describeSteps(steps: readonly ReviewStepSpec[], names: Map<string, string>, t: ReturnType<typeof useT>): string {
  return steps
    .map((s) => t('reviews.stepDescribe', { name: s.name, rule: t(`reviews.rule.${s.rule}`), who: s.reviewers.map((r) => names.get(refKey(r)) ?? '—').join(t('reviews.listSep')) }))
    .join(' → ');
}

/** Edits one scope's chain: ordered steps, each with a name, its rule and its reviewers. */
export function ChainEditor({
  open,
  scope,
  initial,
  onCancel,
  onSave,
}: {
  open: boolean;
  scope: string;
  initial: readonly ReviewStepSpec[];
  onCancel: () => void;
  onSave: (steps: ReviewStepSpec[]) => Promise<void>;
}) {
  const t = useT();
  const { names, people } = useReviewerNames();
  const [steps, setSteps] = useState<DraftStep[]>([]);
  const [search, setSearch] = useState('');
  useEffect(() => {
    if (open) setSteps(initial.map((s) => ({ name: s.name, rule: s.rule, reviewers: s.reviewers.map(refKey) })));
  }, [open, initial]);
  const options = useMemo(() => {
    const fixed = [...names.entries()].filter(([k]) => !k.startsWith('person:')).map(([value, label]) => ({ value, label }));
    const found = searchPeople(people.filter((p) => p.active), search).slice(0, 30).map((p) => ({ value: `person:${p.id}`, label: p.name }));
    return [...fixed, ...found];
  }, [names, people, search]);
  const valid = steps.length > 0 && steps.every((s) => s.name.trim() && s.reviewers.length > 0);
  const update = (i: number, patch: Partial<DraftStep>) => setSteps((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));

  return (
    <Modal
      open={open}
      destroyOnHidden
      width={720}
      title={t('reviews.editChain', { scope })}
      okText={t('reviews.saveChain')}
      okButtonProps={{ disabled: !valid }}
      onCancel={onCancel}
      onOk={() =>
        void onSave(
          steps.map((s) => ({ name: s.name.trim(), rule: s.rule, reviewers: s.reviewers.map(refOf).filter((r): r is ReviewerRef => r !== null) })),
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={12}>
        {steps.map((s, i) => (
          <Space key={i} align="start" style={{ width: '100%' }} data-testid="chain-step">
            <Typography.Text style={{ lineHeight: '32px', width: 20 }}>{i + 1}</Typography.Text>
            <Input
              aria-label={t('reviews.stepName')}
              style={{ width: 110 }}
              maxLength={20}
              value={s.name}
              onChange={(e) => update(i, { name: e.target.value })}
            />
            <Select<ReviewRule>
              aria-label={t('reviews.rule')}
              style={{ width: 110 }}
              value={s.rule}
              onChange={(rule) => update(i, { rule })}
              options={(['any', 'all'] as const).map((r) => ({ value: r, label: `${t(`reviews.rule.${r}`)}` }))}
            />
            <Select
              mode="multiple"
              aria-label={t('reviews.reviewers')}
              placeholder={t('reviews.pickReviewers')}
              style={{ width: 360 }}
              value={s.reviewers}
              filterOption={false}
              onSearch={setSearch}
              onBlur={() => setSearch('')}
              onChange={(reviewers: string[]) => update(i, { reviewers })}
              options={options}
              labelRender={(v) => names.get(String(v.value)) ?? String(v.label ?? '')}
            />
            <Button
              aria-label={t('reviews.removeStep')}
              icon={<DeleteOutlined />}
              disabled={steps.length <= 1}
              onClick={() => setSteps((xs) => xs.filter((_, j) => j !== i))}
            />
          </Space>
        ))}
        <Button
          icon={<PlusOutlined />}
          disabled={steps.length >= MAX_REVIEW_STEPS}
          onClick={() => setSteps((xs) => [...xs, { name: '', rule: 'any', reviewers: [] }])}
        >
          {t('reviews.addStep')}
        </Button>
      </Space>
    </Modal>
  );
}

/** The chains of one scope (the center, or a project), per platform, with their editors. */
export function ChainsList({ projectId }: { projectId: string | null }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const { names } = useReviewerNames();
  const [chains, setChains] = useState<ReviewChains | null>(null);
  const [editing, setEditing] = useState<{ platform: Platform | null } | null>(null);
  const load = useCallback(() => callQuiet('reviews.chains', { projectId }).then(setChains, () => undefined), [projectId]);
  useEffect(() => {
    void load();
  }, [load]);
  useLive(load);
  if (!chains) return null;
  const rowOf = (p: Platform | null) => chains.rows.find((r) => r.platform === p) ?? null;
  const fallback = rowOf(null)?.steps ?? chains.builtin;
  const scopes: (Platform | null)[] = [null, ...PLATFORMS.map((p) => p.code)];
  const save = async (platform: Platform | null, steps: ReviewStepSpec[] | null) => {
    setChains(await call('reviews.setChain', { projectId, platform, steps }));
    setEditing(null);
    message.success(t('reviews.chainSaved'));
  };
  const scopeName = (p: Platform | null) => (p ? label(PLATFORMS, p) : t('reviews.allPlatforms'));
  return (
    <>
      <List
        size="small"
        rowKey="key"
        dataSource={scopes.filter((p) => p === null || rowOf(p) !== null || chains.canEdit).map((p) => ({ key: p ?? 'all', platform: p }))}
        renderItem={({ platform: p }) => {
          const row = rowOf(p);
          return (
            <List.Item
              data-testid={`chain-${p ?? 'all'}`}
              actions={
                chains.canEdit
                  ? [
                      <Button key="edit" size="small" type="link" onClick={() => setEditing({ platform: p })}>
                        {t('reviews.edit')}
                      </Button>,
                      row && (
                        <Popconfirm key="reset" title={t('reviews.reset')} onConfirm={() => void save(p, null)}>
                          <Button size="small" type="link" danger>
                            {t('reviews.reset')}
                          </Button>
                        </Popconfirm>
                      ),
                    ].filter(Boolean)
                  : []
              }
            >
              <List.Item.Meta
                title={<Tag>{scopeName(p)}</Tag>}
                description={
                  row ? (
                    describeSteps(row.steps, names, t)
                  ) : (
                    <Typography.Text type="secondary">
                      {p === null && projectId === null ? t('reviews.usingBuiltin') : p === null ? t('reviews.chainSource.center') : t('reviews.inheritsAll')}
                    </Typography.Text>
                  )
                }
              />
            </List.Item>
          );
        }}
      />
      <ChainEditor
        open={editing !== null}
        scope={editing ? scopeName(editing.platform) : ''}
        initial={editing ? (rowOf(editing.platform)?.steps ?? fallback) : []}
        onCancel={() => setEditing(null)}
        onSave={(steps) => save(editing?.platform ?? null, steps)}
      />
    </>
  );
}

/** Settings → 审核流程: the center's default chain and its per-platform variants. */
export function ChainsCard() {
  const t = useT();
  return (
    <Card size="small" title={t('reviews.settingsTitle')} data-testid="chains-card">
      <Typography.Paragraph type="secondary">{t('reviews.settingsHint')}</Typography.Paragraph>
      <ChainsList projectId={null} />
    </Card>
  );
}
