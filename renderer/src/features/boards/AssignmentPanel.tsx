import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { TaskDetail } from '../../../../shared/contract';
import { MAX_DECLINE_REASON, MIN_DECLINE_REASON } from '../../../../shared/assignments';
import { useT } from '../../i18n';
import { selectActor, useSession } from '../workspace/store';
import { useBoard } from './store';

const RESPONSE_COLOR = { pending: 'default', accepted: 'success', declined: 'error' } as const;

/**
 * 派单确认 in the task drawer: the assignee's own answer (accept, or decline with
 * a reason), and everyone's answers for the convener and the group to see.
 */
export function AssignmentPanel({ detail }: { detail: TaskDetail }) {
  const t = useT();
  const actor = useSession(selectActor);
  const { run } = useBoard.getState();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const mine = detail.assignments.find((a) => a.personId === actor?.id);
  const done = detail.completedAt !== null;

  const answer = async (accept: boolean) => {
    setBusy(true);
    try {
      await run('tasks.respond', accept ? { id: detail.id, accept: true } : { id: detail.id, accept: false, reason: reason.trim() });
      setDeclining(false);
      setReason('');
    } finally {
      setBusy(false);
    }
  };

  if (!detail.assignments.length) return null;
  return (
    <div data-testid="assignment-panel" ref={panel} tabIndex={-1} style={{ marginBottom: 16, outline: 'none' }}>
      {mine && !done && mine.response === 'pending' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('boards.respond.pending')}
          action={
            <Space>
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void answer(true)}>
                {t('boards.respond.accept')}
              </Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeclining(true)}>
                {t('boards.respond.decline')}
              </Button>
            </Space>
          }
        />
      )}
      {mine && !done && mine.response === 'declined' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('boards.respond.youDeclined', { reason: mine.reason })}
          action={
            <Button size="small" loading={busy} onClick={() => void answer(true)}>
              {t('boards.respond.acceptAfterAll')}
            </Button>
          }
        />
      )}
      <Space size={[4, 4]} wrap>
        <Typography.Text type="secondary">{t('boards.respond.answers')}</Typography.Text>
        {detail.assignments.map((a) => {
          const tag = (
            <Tag key={a.personId} color={RESPONSE_COLOR[a.response]} data-testid="assignment-answer">
              {a.name} · {t(`boards.respond.${a.response}Tag`)}
              {a.response === 'declined' && a.reason ? `：${a.reason}` : ''}
            </Tag>
          );
          return a.response === 'declined' ? (
            <Tooltip key={a.personId} title={a.reason}>
              {tag}
            </Tooltip>
          ) : (
            tag
          );
        })}
      </Space>
      <Modal
        open={declining}
        title={t('boards.respond.declineTitle', { title: detail.title })}
        okText={t('boards.respond.decline')}
        okButtonProps={{ danger: true, disabled: reason.trim().length < MIN_DECLINE_REASON, loading: busy }}
        cancelText={t('common.cancel')}
        onOk={() => void answer(false)}
        onCancel={() => setDeclining(false)}
        // After a decline the button that opened the dialog is gone, and the focus with it (to the
        // page's body, where Esc no longer reaches the drawer): it comes back to this panel instead.
        afterClose={() => {
          if (!document.activeElement || document.activeElement === document.body) panel.current?.focus();
        }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('boards.respond.declineHint')}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t('boards.respond.reason')}
          placeholder={t('boards.respond.reason')}
          value={reason}
          maxLength={MAX_DECLINE_REASON}
          showCount
          autoSize={{ minRows: 2, maxRows: 5 }}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}
