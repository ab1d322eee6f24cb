import '../../rest-styles';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { FormDialog } from '../../components/FormDialog';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Board, Deliverable } from '../../../../shared/contract';
import {
  DELIVERABLE_STATUSES,
  PLATFORMS,
  PRODUCT_FORMS,
  type DeliverableStatus,
  type Platform,
  type ProductForm,
} from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { useBoard } from './store';
import { fromLocalDateTime, localDateTime } from '../../../../shared/time';
import { looksLikePublishedUrl, reviewAllowsPublishing } from '../../../../shared/reviews';
import { ReviewTag } from '../reviews/ReviewTag';
import { openReview } from '../reviews/store';
import { ChainsList } from '../reviews/ChainsCard';

const STATUS_COLOR: Record<DeliverableStatus, string> = { planned: 'default', in_production: 'processing', in_review: 'warning', published: 'success' };

interface NewDeliverable {
  title: string;
  platform: Platform;
  productForm: ProductForm;
  ownerId?: string;
  due?: Dayjs;
}

/** The project's deliverable checklist (交付清单): one product version per platform, moved along to published. */
export function DeliverablesPanel({ board }: { board: Board }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const run = useBoard((s) => s.run);
  const [publishing, setPublishing] = useState<Deliverable | null>(null);
  const [publishForm] = Form.useForm<{ url: string }>();
  const url = Form.useWatch('url', publishForm) ?? '';
  const [creating, setCreating] = useState(false);
  const [chains, setChains] = useState(false);
  const now = Date.now();

  const publish = async (d: Deliverable, v: { url: string }) => {
    await run('deliverables.update', { id: d.id, status: 'published', publishedUrl: v.url.trim() });
    message.success(t('boards.publishedOk', { title: d.title }));
  };

  const create = (v: NewDeliverable) =>
    run('deliverables.create', {
      projectId: board.project.id,
      title: v.title,
      platform: v.platform,
      productForm: v.productForm,
      ownerId: v.ownerId ?? null,
      dueAt: v.due ? fromLocalDateTime(v.due.format('YYYY-MM-DD HH:mm')) : null,
    });

  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('boards.deliverablesHint')}</Typography.Text>
        <Space>
          <Button onClick={() => setChains(true)}>{t('reviews.chain')}</Button>
          {board.canManage && (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('boards.addDeliverable')}
            </Button>
          )}
        </Space>
      </Space>
      <Table<Deliverable>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={board.deliverables}
        locale={{ emptyText: t('boards.noDeliverables') }}
        columns={[
          { title: t('boards.deliverable'), dataIndex: 'title', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
          { title: t('boards.platform'), dataIndex: 'platform', render: (p: Platform) => label(PLATFORMS, p) },
          { title: t('boards.form'), dataIndex: 'productForm', render: (p: ProductForm) => label(PRODUCT_FORMS, p) },
          {
            title: t('boards.owner'),
            dataIndex: 'ownerId',
            render: (_: unknown, d) =>
              board.canWork ? (
                <Select
                  size="small"
                  variant="borderless"
                  style={{ width: 110 }}
                  aria-label={t('boards.owner')}
                  value={d.ownerId ?? undefined}
                  placeholder="—"
                  onChange={(ownerId: string) => void run('deliverables.update', { id: d.id, ownerId })}
                  options={board.members.map((m) => ({ value: m.id, label: m.name }))}
                />
              ) : (
                d.ownerName ?? '—'
              ),
          },
          {
            title: t('boards.due'),
            dataIndex: 'dueAt',
            render: (v: number | null, d) =>
              v === null ? '—' : (
                <Typography.Text type={v < now && d.status !== 'published' ? 'danger' : undefined}>{localDateTime(v)}</Typography.Text>
              ),
          },
          {
            title: t('boards.status'),
            dataIndex: 'status',
            render: (s: DeliverableStatus, d) =>
              board.canWork && s !== 'published' ? (
                <Select<DeliverableStatus>
                  size="small"
                  style={{ width: 110 }}
                  aria-label={t('boards.statusOf', { title: d.title })}
                  value={s}
                  onChange={(status) => void run('deliverables.update', { id: d.id, status })}
                  // 审核中 is entered by 送审 and 已发布 after the final review (三审): the review drawer does both.
                  options={DELIVERABLE_STATUSES.filter((x) => x.code === s || x.code === 'planned' || x.code === 'in_production').map((x) => ({
                    value: x.code,
                    label: label(DELIVERABLE_STATUSES, x.code),
                  }))}
                />
              ) : (
                <Tag color={STATUS_COLOR[s]}>{label(DELIVERABLE_STATUSES, s)}</Tag>
              ),
          },
          {
            title: t('reviews.chain'),
            key: 'review',
            render: (_: unknown, d) => <ReviewTag deliverableId={d.id} review={d.review} />,
          },
          {
            title: t('boards.publishedAt'),
            key: 'pub',
            render: (_: unknown, d) =>
              d.publishedUrl && d.publishedAt ? (
                <Space direction="vertical" size={0}>
                  <Typography.Link href={d.publishedUrl} target="_blank" rel="noreferrer" ellipsis style={{ maxWidth: 220 }}>
                    {d.publishedUrl}
                  </Typography.Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {localDateTime(d.publishedAt)}
                  </Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, d) => (
              <Space size={0}>
                {board.canWork && d.status !== 'published' && reviewAllowsPublishing(d.review) && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setPublishing(d)}
                  >
                    {t('boards.markPublished')}
                  </Button>
                )}
                {d.status !== 'published' && !reviewAllowsPublishing(d.review) && (
                  <Button type="link" size="small" onClick={() => openReview(d.id)}>
                    {board.canWork && (!d.review || d.review.status !== 'in_review') ? t('reviews.submit') : t('reviews.open')}
                  </Button>
                )}
                {board.canWork && d.status === 'published' && (
                  <Button type="link" size="small" onClick={() => void run('deliverables.update', { id: d.id, status: 'in_review' })}>
                    {t('boards.unpublish')}
                  </Button>
                )}
                {board.canManage && (
                  <Popconfirm title={t('boards.deleteDeliverable', { title: d.title })} onConfirm={() => void run('deliverables.delete', { id: d.id })}>
                    <Button type="link" size="small" danger>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormDialog<{ url: string }>
        open={publishing !== null}
        form={publishForm}
        name="publish"
        title={t('boards.markPublishedTitle', { title: publishing?.title ?? '' })}
        initialValues={{ url: publishing?.publishedUrl ?? '' }}
        okText={t('boards.markPublished')}
        canSubmit={looksLikePublishedUrl(url)}
        onClose={() => setPublishing(null)}
        onSubmit={(v) => (publishing ? publish(publishing, v) : undefined)}
      >
        <Form.Item name="url" rules={[{ validator: (_, v: string | undefined) => (looksLikePublishedUrl(v ?? '') ? Promise.resolve() : Promise.reject(new Error(t('boards.publishedUrlInvalid')))) }]} style={{ marginBottom: 0 }}>
          <Input autoFocus aria-label={t('boards.publishedUrl')} placeholder="https://" />
        </Form.Item>
      </FormDialog>
      <Modal open={chains} destroyOnHidden width={760} footer={null} title={t('reviews.chainSource.project')} onCancel={() => setChains(false)}>
        <ChainsList projectId={board.project.id} />
      </Modal>
      <FormDialog<NewDeliverable> open={creating} name="deliverable" title={t('boards.addDeliverable')} okText={t('common.confirm')} onClose={() => setCreating(false)} onSubmit={create}>
        <Form.Item name="title" label={t('boards.deliverable')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        <Space>
          <Form.Item name="platform" label={t('boards.platform')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={PLATFORMS.map((p) => ({ value: p.code, label: label(PLATFORMS, p.code) }))} />
          </Form.Item>
          <Form.Item name="productForm" label={t('boards.form')} rules={[{ required: true }]}>
            <Select style={{ width: 160 }} options={PRODUCT_FORMS.map((p) => ({ value: p.code, label: label(PRODUCT_FORMS, p.code) }))} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="ownerId" label={t('boards.owner')}>
            <Select style={{ width: 160 }} allowClear options={board.members.map((m) => ({ value: m.id, label: m.name }))} />
          </Form.Item>
          <Form.Item name="due" label={t('boards.due')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </Space>
      </FormDialog>
    </div>
  );
}
