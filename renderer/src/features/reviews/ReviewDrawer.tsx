import '../../rest-styles';
import { PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Collapse, Descriptions, Drawer, Empty, Form, Input, Modal, Popconfirm, Space, Steps, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { ReviewRound } from '../../../../shared/contract';
import { DELIVERABLE_STATUSES, PLATFORMS } from '../../../../shared/domain';
import { isReason, looksLikePublishedUrl, REVIEW_ROUND_STATUSES } from '../../../../shared/reviews';
import { localDateTime } from '../../../../shared/time';
import { useLive } from '../../api/live';
import { useLabel, useT } from '../../i18n';
import { useRouter } from '../../shell/router';
import { ROUND_COLOR } from './ReviewTag';
import { SignOffSheet } from './SignOffSheet';
import { closeReview, openSheet, selectOpenReview, useReviews } from './store';

function RoundSteps({ round }: { round: ReviewRound }) {
  const t = useT();
  const current = round.status === 'in_review' ? round.currentStep : -1;
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={current >= 0 ? current : round.steps.length}
      items={round.steps.map((s, i) => ({
        title: (
          <Space size={6}>
            <span>{s.name}</span>
            <Tag>{t(`reviews.rule.${s.rule}`)}</Tag>
          </Space>
        ),
        status:
          s.outcome === 'approved' ? 'finish' : s.outcome === 'sent_back' ? 'error' : i === current ? 'process' : 'wait',
        content: (
          <Space orientation="vertical" size={2} data-testid={`round-step-${i}`}>
            {s.decisions.map((d) => (
              <Typography.Text key={d.id} type={d.decision === 'send_back' ? 'danger' : undefined}>
                {d.comment
                  ? t('reviews.withComment', { what: `${d.reviewer.name} · ${t(`reviews.decision.${d.decision}`)} · ${localDateTime(d.at)}`, comment: d.comment })
                  : `${d.reviewer.name} · ${t(`reviews.decision.${d.decision}`)} · ${localDateTime(d.at)}`}
              </Typography.Text>
            ))}
            {s.outcome === 'waiting' && (
              <Typography.Text type="secondary">
                {t('reviews.waitingFor', { names: s.reviewers.map((p) => p.name).join(t('reviews.listSep')) || '—' })}
              </Typography.Text>
            )}
          </Space>
        ),
      }))}
    />
  );
}

function RoundHead({ round }: { round: ReviewRound }) {
  const t = useT();
  const label = useLabel();
  return (
    <Space orientation="vertical" size={2} style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text strong>{t('reviews.round', { n: round.roundNo })}</Typography.Text>
        <Tag color={ROUND_COLOR[round.status]}>{label(REVIEW_ROUND_STATUSES, round.status)}</Tag>
        {round.supersededAt !== null && <Tag>{t('reviews.summary.superseded', { n: round.roundNo })}</Tag>}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('reviews.submittedBy', { name: round.submittedBy.name, at: localDateTime(round.submittedAt) })}
      </Typography.Text>
      <Typography.Paragraph style={{ marginBottom: 0 }} ellipsis={{ rows: 3, expandable: true }} data-testid="round-content">
        {round.content}
      </Typography.Paragraph>
      {round.note && <Typography.Text type="secondary">{round.note}</Typography.Text>}
      {round.override && (
        <Alert
          type="warning"
          showIcon
          title={`${t('reviews.decision.override')} · ${round.override.reviewer.name} · ${localDateTime(round.override.at)}`}
          description={round.override.comment}
        />
      )}
    </Space>
  );
}

/** One drawer for every deliverable's review: submit, sign, publish, and the record of every round. */
export function ReviewDrawer() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const openId = useRouter(selectOpenReview);
  const sheet = useRouter((s) => s.query.get('sheet') === '1');
  const review = useReviews((s) => (s.loadedId === openId ? s.review : null));
  const { load, run } = useReviews.getState();
  const [comment, setComment] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [publishUrl, setPublishUrl] = useState('');
  const [reason, setReason] = useState('');
  const [form] = Form.useForm<{ content: string; note?: string }>();

  useEffect(() => {
    setComment('');
    setReason('');
    setPublishUrl('');
    if (openId) void load(openId);
  }, [openId, load]);
  useLive(() => (openId ? load(openId) : undefined));

  if (!openId) return null;
  const d = review?.deliverable;
  const latest = review?.rounds[0] ?? null;
  const sentBack = latest?.status === 'sent_back' ? latest.steps.find((s) => s.outcome === 'sent_back') : undefined;

  const decide = async (decision: 'approve' | 'send_back') => {
    if (!review?.myTurn || !d) return;
    await run('reviews.decide', { roundId: review.myTurn.roundId, decision, comment: comment.trim() });
    setComment('');
    message.success(t(decision === 'approve' ? 'reviews.approved' : 'reviews.sentBack', { title: d.title }));
  };
  const publish = async (override: boolean) => {
    if (!d) return;
    await run('deliverables.update', {
      id: d.id,
      status: 'published',
      publishedUrl: publishUrl.trim(),
      ...(override ? { overrideReason: reason.trim() } : {}),
    });
    message.success(t('boards.publishedOk', { title: d.title }));
  };

  return (
    <Drawer
      open
      size={560}
      destroyOnHidden
      onClose={closeReview}
      title={d ? t('reviews.title', { title: d.title }) : t('reviews.open')}
      extra={
        latest && (
          <Button icon={<PrinterOutlined />} onClick={() => openSheet(true)}>
            {t('reviews.print')}
          </Button>
        )
      }
      data-testid="review-drawer"
    >
      {!review || !d ? (
        <Empty />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={t('reviews.sheetProject')}>{d.projectName}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.sheetPlatform')}>{label(PLATFORMS, d.platform)}</Descriptions.Item>
            <Descriptions.Item label={t('reviews.sheetOwner')}>{d.ownerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('boards.status')}>
              <Tag data-testid="review-deliverable-status">{label(DELIVERABLE_STATUSES, d.status)}</Tag>
            </Descriptions.Item>
          </Descriptions>

          {sentBack && latest && (
            <Alert
              type="error"
              showIcon
              data-testid="sent-back-notice"
              title={t('reviews.sentBackNotice', {
                step: sentBack.name,
                n: latest.roundNo,
                comment: sentBack.decisions.find((x) => x.decision === 'send_back')?.comment ?? '',
              })}
            />
          )}

          {review.myTurn && (
            <Alert
              type="info"
              showIcon
              title={t('reviews.yourTurn', { step: review.myTurn.stepName })}
              description={
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.TextArea
                    rows={3}
                    maxLength={1000}
                    aria-label={t('reviews.comment')}
                    placeholder={t('reviews.commentRequired')}
                    value={comment}
                    onChange={(e) => setComment(e.target.value)}
                  />
                  <Space>
                    <Button type="primary" onClick={() => void decide('approve')}>
                      {t('reviews.approve')}
                    </Button>
                    <Button danger disabled={!isReason(comment)} onClick={() => void decide('send_back')}>
                      {t('reviews.sendBack')}
                    </Button>
                  </Space>
                </Space>
              }
            />
          )}

          {review.mayPublish && (
            <Alert
              type="success"
              showIcon
              title={t('reviews.readyToPublish')}
              description={
                <Space.Compact style={{ width: '100%' }}>
                  <Input aria-label={t('reviews.publishedUrl')} placeholder="https://" value={publishUrl} onChange={(e) => setPublishUrl(e.target.value)} />
                  <Button type="primary" disabled={!looksLikePublishedUrl(publishUrl)} onClick={() => void publish(false)}>
                    {t('reviews.publish')}
                  </Button>
                </Space.Compact>
              }
            />
          )}

          <Space wrap>
            {review.canSubmit && (
              <Button type={review.myTurn ? 'default' : 'primary'} onClick={() => setSubmitting(true)}>
                {latest?.status === 'sent_back' ? t('reviews.resubmit') : t('reviews.submit')}
              </Button>
            )}
            {review.canWithdraw && latest && (
              <Popconfirm title={t('reviews.withdrawConfirm')} onConfirm={() => void run('reviews.withdraw', { roundId: latest.id })}>
                <Button>{t('reviews.withdraw')}</Button>
              </Popconfirm>
            )}
          </Space>

          {latest ? (
            <div data-testid="current-round">
              <RoundHead round={latest} />
              <div style={{ marginTop: 12 }}>
                <RoundSteps round={latest} />
              </div>
            </div>
          ) : (
            <div>
              <Typography.Text strong>{t(`reviews.chainSource.${review.chain.source}`)}</Typography.Text>
              <Steps
                orientation="vertical"
                size="small"
                current={-1}
                items={review.chain.steps.map((s) => ({
                  title: `${s.name} · ${t(`reviews.rule.${s.rule}`)}`,
                  content: s.people.map((p) => p.name).join(t('reviews.listSep')) || t('reviews.noReviewers'),
                }))}
              />
            </div>
          )}

          {review.rounds.length > 1 && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'history',
                  label: t('reviews.history'),
                  children: (
                    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                      {review.rounds.slice(1).map((r) => (
                        <div key={r.id} data-testid="old-round">
                          <RoundHead round={r} />
                          <RoundSteps round={r} />
                        </div>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          )}

          {review.mayOverride && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'override',
                  label: t('reviews.override'),
                  children: (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      <Typography.Text type="secondary">{t('reviews.overrideHint')}</Typography.Text>
                      <Input aria-label={t('reviews.publishedUrl')} placeholder="https://" value={publishUrl} onChange={(e) => setPublishUrl(e.target.value)} />
                      <Input.TextArea rows={2} aria-label={t('reviews.overrideReason')} placeholder={t('reviews.overrideReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
                      <Button danger disabled={!looksLikePublishedUrl(publishUrl) || !isReason(reason)} onClick={() => void publish(true)}>
                        {t('reviews.override')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Space>
      )}

      <Modal
        open={submitting}
        destroyOnHidden
        title={t('reviews.submitTitle', { title: d?.title ?? '' })}
        okText={t('reviews.submit')}
        onCancel={() => setSubmitting(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) => {
            if (!d) return;
            void run('reviews.submit', { deliverableId: d.id, content: v.content, note: v.note ?? '' }).then(() => {
              setSubmitting(false);
              message.success(t('reviews.submitted', { title: d.title }));
            });
          }}
        >
          <Form.Item name="content" label={t('reviews.content')} extra={t('reviews.contentHint')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={4} maxLength={5000} />
          </Form.Item>
          <Form.Item name="note" label={t('reviews.note')}>
            <Input maxLength={1000} />
          </Form.Item>
        </Form>
      </Modal>
      {sheet && review && <SignOffSheet review={review} onClose={() => openSheet(false)} />}
    </Drawer>
  );
}
