import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { GroupMember, ProjectDetail } from '../../../../shared/contract';
import { MAX_DECLINE_REASON, MIN_DECLINE_REASON, placeAnswerRefusal } from '../../../../shared/assignments';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { selectActor, useSession } from '../workspace/store';
import { useProjects } from './store';

const RESPONSE_COLOR = { pending: 'default', accepted: 'success', declined: 'error' } as const;

/**
 * 派单确认 for a group place, on the project page: the person drawn into the
 * group accepts the place or declines it with a reason the convener reads
 * (and is notified of). Nothing shows once the place is accepted.
 */
export function PlaceAnswer({ project }: { project: ProjectDetail }) {
  const t = useT();
  const actor = useSession(selectActor);
  const { respondPlace } = useProjects.getState();
  const { message } = App.useApp();
  const [declining, setDeclining] = useState(false);
  const [busy, setBusy] = useState(false);
  const mine = project.group.find((g) => g.personId === actor?.id);
  if (!mine || mine.response === 'accepted' || placeAnswerRefusal(project, mine.personId) !== null) return null;

  const accept = async () => {
    setBusy(true);
    try {
      await respondPlace({ projectId: project.id, accept: true });
      message.success(t('projects.place.accepted'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {mine.response === 'pending' ? (
        <Alert
          type="info"
          showIcon
          data-testid="place-answer"
          style={{ marginBottom: 16 }}
          title={t('projects.place.pending', { role: mine.role || t('projects.noRole'), hours: mine.hoursPerWeek })}
          action={
            <Space>
              <Button size="small" type="primary" icon={<CheckOutlined />} loading={busy} onClick={() => void accept()}>
                {t('projects.place.accept')}
              </Button>
              <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeclining(true)}>
                {t('projects.place.decline')}
              </Button>
            </Space>
          }
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          data-testid="place-answer"
          style={{ marginBottom: 16 }}
          title={t('projects.place.youDeclined', { reason: mine.reason })}
          action={
            <Button size="small" loading={busy} onClick={() => void accept()}>
              {t('projects.place.acceptAfterAll')}
            </Button>
          }
        />
      )}
      <FormDialog<{ reason: string }>
        open={declining}
        name="decline-place"
        title={t('projects.place.declineTitle', { name: project.name })}
        okText={t('projects.place.decline')}
        okDanger
        intro={<Typography.Paragraph type="secondary">{t('projects.place.declineHint')}</Typography.Paragraph>}
        initialValues={{ reason: '' }}
        onClose={() => setDeclining(false)}
        onSubmit={async (v) => {
          await respondPlace({ projectId: project.id, accept: false, reason: v.reason.trim() });
          message.success(t('projects.place.declined'));
        }}
      >
        <Form.Item
          name="reason"
          label={t('projects.place.reason')}
          rules={[{ required: true, whitespace: true, min: MIN_DECLINE_REASON, message: t('projects.place.reasonRule', { n: MIN_DECLINE_REASON }) }]}
        >
          <Input.TextArea maxLength={MAX_DECLINE_REASON} showCount autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </FormDialog>
    </>
  );
}

/** A member's answer in the group list: waiting or declined (with the reason); nothing once accepted. */
export function PlaceTag({ member }: { member: GroupMember }) {
  const t = useT();
  if (member.response === 'accepted') return null;
  const tag = (
    <Tag color={RESPONSE_COLOR[member.response]} data-testid="place-tag">
      {t(`projects.place.${member.response}Tag`)}
      {member.response === 'declined' && member.reason ? `：${member.reason}` : ''}
    </Tag>
  );
  return member.response === 'declined' ? <Tooltip title={member.reason}>{tag}</Tooltip> : tag;
}
