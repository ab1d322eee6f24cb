import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, List, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { GEAR_KINDS } from '../../../../shared/gear';
import { useLive } from '../../api/live';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { BookDialog, rangeText } from './GearDialogs';
import { selectProjectGear, useGear } from './store';

/** The project overview's card: what the project has booked, clashes marked; its group books from here. */
export function ProjectGearCard({ projectId, projectName }: { projectId: string; projectName: string }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const gear = useGear(selectProjectGear);
  const [booking, setBooking] = useState(false);
  useEffect(() => void useGear.getState().loadProject(projectId), [projectId]);
  useLive(() => useGear.getState().loadProject(projectId));
  const mine = gear && gear.projectId === projectId ? gear : null;
  const cancel = async (id: string) => {
    await useGear.getState().run('gear.cancel', { bookingId: id });
    message.success(t('gear.cancelled'));
  };
  return (
    <Card
      size="small"
      title={t('gear.projectCard')}
      style={{ marginBottom: 16 }}
      data-testid="project-gear"
      extra={
        <Space>
          <Button size="small" type="link" onClick={() => navigate('/gear')}>
            {t('gear.openCalendar')}
          </Button>
          {mine?.canBook && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setBooking(true)}>
              {t('gear.book')}
            </Button>
          )}
        </Space>
      }
    >
      {mine && mine.needs.length > 0 && (
        <Space wrap size={[6, 6]} style={{ marginBottom: 8 }} data-testid="gear-needs">
          <Typography.Text type="secondary">{t('gear.needs')}</Typography.Text>
          {mine.needs.map((n) => (
            <Tooltip key={n.kind} title={[n.note, n.missing ? t('gear.needMissing', { n: n.missing }) : t('gear.needCovered')].filter(Boolean).join(' · ')}>
              <Tag color={n.missing ? 'warning' : 'success'} data-testid="gear-need" data-missing={n.missing}>
                {t('gear.needLine', { kind: label(GEAR_KINDS, n.kind), booked: n.booked, count: n.count })}
              </Tag>
            </Tooltip>
          ))}
        </Space>
      )}
      {!mine?.bookings.length ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('gear.projectNone')} />
      ) : (
        <List
          size="small"
          dataSource={mine.bookings}
          renderItem={(b) => (
            <List.Item
              data-testid="project-gear-row"
              actions={
                b.canCancel
                  ? [
                      <Popconfirm key="cancel" title={t('gear.cancelConfirm')} onConfirm={() => cancel(b.id).catch(() => undefined)}>
                        <Button size="small" type="link" danger>
                          {t('gear.cancel')}
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <Space wrap>
                <Tag>{label(GEAR_KINDS, b.kind)}</Tag>
                <Typography.Text>{b.itemName}</Typography.Text>
                {b.quantity > 1 && <Typography.Text type="secondary">{t('gear.qty', { n: b.quantity })}</Typography.Text>}
                <Typography.Text type="secondary">{rangeText(b.start, b.end)}</Typography.Text>
                {b.taskTitle && <Typography.Text type="secondary">{t('gear.task', { title: b.taskTitle })}</Typography.Text>}
                {b.clash && (
                  <Tag color="error" icon={<WarningOutlined />}>
                    {t('gear.clash')}
                  </Tag>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
      {booking && <BookDialog projectId={projectId} projectName={projectName} onClose={() => setBooking(false)} />}
    </Card>
  );
}
