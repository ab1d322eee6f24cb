import { App, Button, Card, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { RotaEntry, RotaSwap, ShiftType } from '../../../../shared/contract';
import { MIN_SWAP_REASON } from '../../../../shared/rota';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { searchPeople } from '../../../../shared/people-search';
import { usePeopleDirectory } from '../people/directory';
import { useSession } from '../workspace/store';
import { useRota } from './store';

/** One active colleague, found by characters, pinyin or initials (shared/people-search.ts). */
function PersonSelect({ value, onChange, excludeIds, ...rest }: { value?: string; onChange?: (id: string) => void; excludeIds: string[]; 'aria-label'?: string }) {
  const directory = usePeopleDirectory();
  const [search, setSearch] = useState('');
  const pool = useMemo(() => (directory ?? []).filter((p) => p.active && !excludeIds.includes(p.id)), [directory, excludeIds]);
  const options = searchPeople(pool, search).slice(0, 50).map((p) => ({ value: p.id, label: `${p.name}${p.title ? ` · ${p.title}` : ''}` }));
  if (value && !options.some((o) => o.value === value)) options.push({ value, label: pool.find((p) => p.id === value)?.name ?? value });
  return (
    <Select
      value={value}
      onChange={(id: string) => {
        setSearch('');
        onChange?.(id);
      }}
      loading={!directory}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
      options={options}
    />
  );
}

const STATUS_COLOR: Record<RotaSwap['status'], string> = { requested: 'gold', approved: 'green', declined: 'red', withdrawn: 'default' };

interface SwapAsk {
  substituteId: string;
  withEntryId: string | null;
  reason: string;
}

/** A person on a shift asks a colleague to take it (optionally taking one of theirs). */
export function SwapDialog({ entry, shift, onClose }: { entry: RotaEntry; shift: ShiftType; onClose: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const rota = useRota((s) => s.rota);
  const [form] = Form.useForm<SwapAsk>();
  const substituteId = Form.useWatch('substituteId', form) as string | undefined;
  const names = useMemo(() => new Map((rota?.shiftTypes ?? []).map((s) => [s.id, s.name])), [rota]);
  // The colleague's coming shifts in the range shown, to take in exchange.
  const theirs = useMemo(
    () => (rota?.entries ?? []).filter((e) => e.personId === substituteId && e.date >= (rota?.today ?? '')),
    [rota, substituteId],
  );
  const submit = async (v: SwapAsk) => {
    await useRota.getState().run('rota.requestSwap', { entryId: entry.id, substituteId: v.substituteId, withEntryId: v.withEntryId ?? null, reason: v.reason });
    message.success(t('rota.swapSent'));
  };
  return (
    <FormDialog<SwapAsk>
      open
      form={form}
      name="rota-swap"
      title={t('rota.swapAsk', { date: entry.date, shift: shift.name })}
      okText={t('common.confirm')}
      initialValues={{ withEntryId: null }}
      onClose={onClose}
      onSubmit={submit}
    >
      <Form.Item name="substituteId" label={t('rota.swapWith')} rules={[{ required: true }]}>
        <PersonSelect excludeIds={[entry.personId]} aria-label={t('rota.swapWith')} />
      </Form.Item>
      <Form.Item name="withEntryId" label={t('rota.swapExchange')}>
        <Select
          aria-label={t('rota.swapExchange')}
          options={[
            { value: null, label: t('rota.swapExchangeNone') },
            ...theirs.map((e) => ({ value: e.id, label: `${e.date} ${names.get(e.shiftTypeId) ?? ''}` })),
          ]}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('rota.swapReason')} extra={t('rota.swapReasonHint')} rules={[{ required: true, whitespace: true, min: MIN_SWAP_REASON }]}>
        <Input.TextArea aria-label={t('rota.swapReason')} autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
      </Form.Item>
    </FormDialog>
  );
}

function swapLine(t: ReturnType<typeof useT>, s: RotaSwap): string {
  return (
    t('rota.swapLine', { date: s.date, shift: s.shiftName, from: s.requesterName, to: s.substituteName }) +
    (s.withEntry ? t('rota.swapLineExchange', { date: s.withEntry.date, shift: s.withEntry.shiftName }) : '')
  );
}

/** Swaps of the range: managers decide those waiting; a person sees and withdraws their own. */
export function SwapList() {
  const t = useT();
  const { message } = App.useApp();
  const me = useSession((s) => s.actor);
  const rota = useRota((s) => s.rota);
  const [deciding, setDeciding] = useState<{ swap: RotaSwap; approve: boolean } | null>(null);
  const [comment, setComment] = useState('');
  const swaps = rota?.swaps ?? [];
  const decide = async () => {
    if (!deciding) return;
    try {
      await useRota.getState().run('rota.decideSwap', { swapId: deciding.swap.id, approve: deciding.approve, comment: comment.trim() });
      message.success(t('rota.decided'));
      setDeciding(null);
      setComment('');
    } catch {
      /* reported by the client */
    }
  };
  return (
    <Card title={t('rota.swaps')} size="small" style={{ marginTop: 16 }} data-testid="rota-swaps">
      <List
        size="small"
        dataSource={swaps}
        locale={{ emptyText: t('rota.swapsNone') }}
        renderItem={(s) => (
          <List.Item
            data-testid="rota-swap"
            actions={[
              ...(s.status === 'requested' && rota?.canEdit
                ? [
                    <Button key="ok" size="small" type="primary" onClick={() => setDeciding({ swap: s, approve: true })}>
                      {t('rota.approve')}
                    </Button>,
                    <Button key="no" size="small" danger onClick={() => setDeciding({ swap: s, approve: false })}>
                      {t('rota.decline')}
                    </Button>,
                  ]
                : []),
              ...(s.status === 'requested' && s.requesterId === me?.id
                ? [
                    <Button key="wd" size="small" onClick={() => void useRota.getState().run('rota.withdrawSwap', { swapId: s.id }).catch(() => undefined)}>
                      {t('rota.withdraw')}
                    </Button>,
                  ]
                : []),
            ]}
          >
            <Space direction="vertical" size={0}>
              <Space>
                <Tag color={STATUS_COLOR[s.status]}>{t(`rota.swapStatus.${s.status}`)}</Tag>
                <span>{swapLine(t, s)}</span>
              </Space>
              {s.reason && <Typography.Text type="secondary">{s.reason}</Typography.Text>}
              {s.decidedByName && (
                <Typography.Text type="secondary">
                  {s.decidedByName}
                  {s.comment ? `：${s.comment}` : ''}
                </Typography.Text>
              )}
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={deciding !== null}
        title={deciding ? `${deciding.approve ? t('rota.approve') : t('rota.decline')} · ${swapLine(t, deciding.swap)}` : ''}
        onCancel={() => setDeciding(null)}
        onOk={() => void decide()}
        destroyOnHidden
      >
        <Input.TextArea aria-label={t('rota.decideComment')} placeholder={t('rota.decideComment')} value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
      </Modal>
    </Card>
  );
}
