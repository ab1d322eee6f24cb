import '../../rest-styles';
import { useLive } from '../../api/live';
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Checkbox, Col, Empty, List, Row, Space, Spin, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { MyTask, MyTaskBucket } from '../../../../shared/contract';
import { DELIVERABLE_STATUSES, PLATFORMS, PRIORITIES } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { selectActor, useSession } from '../workspace/store';
import { useMyTasks } from './store';
import { localShortDateTime } from '../../../../shared/time';
import { ReviewTag } from '../reviews/ReviewTag';
import { SinceLastLooked } from '../notifications/SinceLastLooked';

/** Each task links to its board, with the task open. */
const taskHref = (task: MyTask): string => `#/projects/${task.projectId}/board?task=${task.id}`;

const BUCKETS: MyTaskBucket[] = ['overdue', 'today', 'week', 'later'];
const BUCKET_COLOR: Record<MyTaskBucket, string> = { overdue: '#cf1322', today: '#d46b08', week: '#1677ff', later: '#8c8c8c' };

/** The member's home: what do I have to do today? Overdue first, then today, this week, later. */
export function MyTasksPage() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const actor = useSession(selectActor);
  const data = useMyTasks((s) => s.data);
  const checklists = useMyTasks((s) => s.checklists);
  const open = useMyTasks((s) => s.open);
  const { refresh, setDone, tick, toggleChecklist } = useMyTasks.getState();

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useLive(() => refresh());


  return (
    <div>
      <Typography.Title level={3}>{t('boards.myTasksTitle', { name: actor?.name ?? '' })}</Typography.Title>
      {actor && <SinceLastLooked personId={actor.id} />}
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          {!data ? (
            <Card loading />
          ) : data.tasks.length === 0 ? (
            <Card>
              <Empty description={t('boards.myTasksEmpty')} />
            </Card>
          ) : (
            BUCKETS.map((b) => {
              const tasks = data.tasks.filter((x) => x.bucket === b);
              if (!tasks.length) return null;
              return (
                <Card
                  key={b}
                  size="small"
                  data-testid={`bucket-${b}`}
                  style={{ marginBottom: 16 }}
                  title={
                    <Space>
                      <span style={{ color: BUCKET_COLOR[b] }}>{t(`boards.bucket.${b}`)}</span>
                      <Badge count={tasks.length} color={BUCKET_COLOR[b]} />
                    </Space>
                  }
                >
                  <List
                    rowKey="id"
                    dataSource={tasks}
                    renderItem={(task) => (
                      <List.Item data-testid="my-task" data-task-id={task.id}>
                        <Space align="start" style={{ width: '100%' }}>
                          <Checkbox
                            checked={false}
                            aria-label={t('boards.complete', { title: task.title })}
                            onChange={() =>
                              void setDone(task.id, true).then(() => message.success(t('boards.completed', { title: task.title })))
                            }
                          />
                          <Space direction="vertical" size={2} style={{ flex: 1 }}>
                            <Space wrap>
                              <Typography.Link strong href={taskHref(task)}>
                                {task.title}
                              </Typography.Link>
                              {task.priority !== 'normal' && <Tag color={task.priority === 'urgent' ? 'red' : task.priority === 'high' ? 'orange' : 'default'}>{label(PRIORITIES, task.priority)}</Tag>}
                            </Space>
                            <Space size={12} wrap style={{ fontSize: 12 }}>
                              <Typography.Link type="secondary" style={{ fontSize: 12 }} href={`#/projects/${task.projectId}/board`}>
                                {task.projectName}
                              </Typography.Link>
                              {task.dueAt !== null && (
                                <Typography.Text type={b === 'overdue' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                                  {t('boards.dueAt', { at: localShortDateTime(task.dueAt) })}
                                </Typography.Text>
                              )}
                              {task.checklistTotal > 0 && (
                                <Button
                                  type="link"
                                  size="small"
                                  style={{ fontSize: 12, padding: 0, height: 'auto' }}
                                  icon={open.includes(task.id) ? <DownOutlined /> : <RightOutlined />}
                                  aria-expanded={open.includes(task.id)}
                                  aria-controls={`checklist-${task.id}`}
                                  onClick={() => void toggleChecklist(task.id)}
                                >
                                  {t('boards.checklist')} {task.checklistDone}/{task.checklistTotal}
                                </Button>
                              )}
                            </Space>
                            {open.includes(task.id) && (
                              <div id={`checklist-${task.id}`} data-testid="my-task-checklist" role="group" aria-label={t('boards.checklistOf', { title: task.title })}>
                                {checklists[task.id] ? (
                                  <Space size={[12, 0]} wrap>
                                    {checklists[task.id]!.map((item) => (
                                      <Checkbox key={item.id} checked={item.done} onChange={(e) => void tick(task.id, item.id, e.target.checked)}>
                                        <Typography.Text delete={item.done} style={{ fontSize: 13 }}>
                                          {item.text}
                                        </Typography.Text>
                                      </Checkbox>
                                    ))}
                                  </Space>
                                ) : (
                                  <Spin size="small" />
                                )}
                              </div>
                            )}
                          </Space>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              );
            })
          )}
        </Col>
        <Col xs={24} xl={8}>
          <Card
            size="small"
            data-testid="review-queue"
            style={{ marginBottom: 16 }}
            title={
              <Space>
                <span>{t('reviews.queue')}</span>
                <Badge count={data?.reviews.length ?? 0} />
              </Space>
            }
          >
            <List
              rowKey="roundId"
              dataSource={data?.reviews ?? []}
              locale={{ emptyText: t('reviews.queueEmpty') }}
              renderItem={(r) => (
                <List.Item data-testid="review-queue-item">
                  <List.Item.Meta
                    title={
                      <Typography.Link href={`#/my-tasks?review=${r.deliverableId}`}>
                        {r.title} · {t('reviews.round', { n: r.roundNo })}
                      </Typography.Link>
                    }
                    description={
                      <Space size={8} wrap style={{ fontSize: 12 }}>
                        <Tag>{label(PLATFORMS, r.platform)}</Tag>
                        <span>
                          {t('reviews.queueItem', { project: r.projectName, step: r.stepName, i: r.step + 1, n: r.stepCount, name: r.submittedBy.name })}
                        </span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {localShortDateTime(r.submittedAt)}
                        </Typography.Text>
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('boards.myDeliverables')}>
            <List
              rowKey="id"
              dataSource={data?.deliverables ?? []}
              locale={{ emptyText: t('boards.noDeliverables') }}
              renderItem={(d) => (
                <List.Item>
                  <List.Item.Meta
                    title={<Typography.Link href={`#/projects/${d.projectId}/board`}>{d.title}</Typography.Link>}
                    description={
                      <Space size={8} wrap style={{ fontSize: 12 }}>
                        <span>{d.projectName}</span>
                        <Tag>{label(PLATFORMS, d.platform)}</Tag>
                        <Tag color="blue">{label(DELIVERABLE_STATUSES, d.status)}</Tag>
                        <ReviewTag deliverableId={d.id} review={d.review} />
                        {d.dueAt !== null && (
                          <Typography.Text type={d.dueAt < Date.now() ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                            {localShortDateTime(d.dueAt)}
                          </Typography.Text>
                        )}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
