import { HolderOutlined, SwapOutlined } from '@ant-design/icons';
import { DndContext, MeasuringStrategy, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { App, Button, Card, Col, Descriptions, Drawer, Empty, List, Modal, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CellTask, ReassignCandidate } from '../../../../shared/contract';
import { TIME_OFF_KINDS } from '../../../../shared/domain';
import { addDays, isoWeek, localDateTime } from '../../../../shared/time';
import { useLabel, useT } from '../../i18n';
import { hours, LEVEL_COLOR, percent } from './format';
import { useWorkload } from './store';

/** Drill-down of one person's week: the projects and tasks behind the number, and reassigning from there. */
export function CellDrawer() {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const open = useWorkload((s) => s.open);
  const detail = useWorkload((s) => s.detail);
  const { closeCell, reassign } = useWorkload.getState();
  const [selected, setSelected] = useState<string | null>(null);
  const [picking, setPicking] = useState<CellTask | null>(null);
  const [target, setTarget] = useState<string | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }));

  const week = open ? isoWeek(open.weekStart) : null;
  const focused = detail?.tasks.find((x) => x.id === selected) ?? detail?.tasks.find((x) => x.canReassign) ?? null;

  const doReassign = async (task: CellTask, toId: string) => {
    if (!detail) return;
    const to = task.candidates.find((c) => c.id === toId);
    await reassign(task.id, detail.person.id, toId);
    message.success(t('workload.reassign.done', { title: task.title, name: to?.name ?? '' }));
  };

  const onDragEnd = (e: DragEndEvent) => {
    const task = detail?.tasks.find((x) => x.id === e.active.id);
    if (task && e.over) void doReassign(task, String(e.over.id));
  };

  return (
    <Drawer
      open={open !== null}
      onClose={() => {
        setSelected(null);
        closeCell();
      }}
      size="large"
      styles={{ wrapper: { width: 860 } }}
      title={
        detail && open && week
          ? `${t('workload.cellTitle', { name: detail.person.name, week: t('workload.weekLabel', { week: week.week }) })}（${open.weekStart} – ${addDays(open.weekStart, 6)}）`
          : ''
      }
      destroyOnHidden
    >
      {!detail ? (
        <Spin />
      ) : (
        // Picking up a task shows its colleagues on the right: the targets are measured again while
        // dragging, so the drop lands on the person under the pointer, not where the old list was.
        <DndContext
          sensors={sensors}
          measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
          onDragStart={(e) => setSelected(String(e.active.id))}
          onDragEnd={onDragEnd}
        >
          <Descriptions size="small" bordered column={3} data-testid="drawer-load">
            <Descriptions.Item label={t('workload.drawer.load')}>
              <Tag color={LEVEL_COLOR[detail.cell.level]} data-testid="drawer-total">
                {hours(detail.cell.totalHours)}/{hours(detail.cell.capacityHours)} · {percent(detail.cell.ratio, t('workload.noCapacity'))}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('workload.drawer.allocated')}>{hours(detail.cell.allocatedHours)}</Descriptions.Item>
            <Descriptions.Item label={t('workload.drawer.taskHours')}>{hours(detail.cell.taskHours)}</Descriptions.Item>
            <Descriptions.Item label={t('workload.drawer.dutyHours')}>
              <span data-testid="drawer-duty">
                {detail.cell.dutyHours > 0 ? `${hours(detail.cell.dutyHours)}（${detail.shifts.map((x) => `${x.date.slice(5)} ${x.shiftName}`).join('、')}）` : '0'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('workload.drawer.capacity')}>{hours(detail.cell.capacityHours)}</Descriptions.Item>
            <Descriptions.Item label={t('workload.drawer.timeOff')}>
              {detail.cell.timeOffHours > 0
                ? `−${hours(detail.cell.timeOffHours)}（${detail.timeOff.map((x) => `${label(TIME_OFF_KINDS, x.kind)} ${x.startDate}～${x.endDate}`).join('；')}）`
                : '0'}
            </Descriptions.Item>
          </Descriptions>

          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('workload.drawer.projects')}
          </Typography.Title>
          <List
            size="small"
            bordered
            locale={{ emptyText: t('workload.drawer.noProjects') }}
            dataSource={detail.allocations}
            renderItem={(a) => (
              <List.Item extra={<Typography.Text strong>{hours(a.hours)}</Typography.Text>}>
                <Space>
                  <span>{a.projectName}</span>
                  <Typography.Text type="secondary">{t('workload.drawer.perWeek', { h: hours(a.hoursPerWeek) })}</Typography.Text>
                  {a.tentative && <Tag style={{ borderStyle: 'dashed' }}>{t('workload.tentative.line')}</Tag>}
                </Space>
              </List.Item>
            )}
          />

          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('workload.drawer.tasks')}
          </Typography.Title>
          {detail.tasks.some((x) => x.canReassign) && (
            <Typography.Paragraph type="secondary">{t('workload.drawer.hint')}</Typography.Paragraph>
          )}
          {detail.tasks.length === 0 ? (
            <Empty description={t('workload.drawer.noTasks')} />
          ) : (
            <Row gutter={16}>
              <Col span={14}>
                <Space direction="vertical" style={{ width: '100%' }}>
                  {detail.tasks.map((task) => (
                    <TaskCard
                      key={task.id}
                      task={task}
                      active={focused?.id === task.id}
                      onSelect={() => setSelected(task.id)}
                      onReassign={() => {
                        setPicking(task);
                        setTarget(task.candidates[0]?.id ?? null);
                      }}
                    />
                  ))}
                </Space>
              </Col>
              <Col span={10}>
                {focused && focused.canReassign && (
                  <Card size="small" title={t('workload.candidates')} data-testid="candidates">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {focused.title}
                    </Typography.Text>
                    {focused.candidates.length === 0 ? (
                      <Empty description={t('workload.reassign.noCandidates')} />
                    ) : (
                      <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
                        {focused.candidates.slice(0, 8).map((c) => (
                          <DropTarget key={c.id} c={c} />
                        ))}
                      </Space>
                    )}
                  </Card>
                )}
              </Col>
            </Row>
          )}
        </DndContext>
      )}
      <Modal
        open={picking !== null}
        title={picking ? t('workload.reassign.title', { title: picking.title }) : ''}
        okText={t('workload.reassign.ok')}
        okButtonProps={{ disabled: !target }}
        onCancel={() => setPicking(null)}
        onOk={async () => {
          if (picking && target) await doReassign(picking, target);
          setPicking(null);
        }}
        destroyOnHidden
      >
        {picking && picking.candidates.length === 0 ? (
          <Empty description={t('workload.reassign.noCandidates')} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('workload.reassign.pick')}</Typography.Text>
            <Select
              aria-label={t('workload.reassign.to')}
              style={{ width: '100%' }}
              value={target ?? undefined}
              onChange={(v: string) => setTarget(v)}
              showSearch={{ filterOption: (input, o) => String(o?.title ?? '').includes(input) }}
              options={(picking?.candidates ?? []).map((c) => ({ value: c.id, title: c.name, label: <CandidateLabel c={c} /> }))}
            />
          </Space>
        )}
      </Modal>
    </Drawer>
  );
}

function CandidateLabel({ c }: { c: ReassignCandidate }) {
  const t = useT();
  return (
    <Space size={6}>
      <span>{c.name}</span>
      {c.sameTeam && <Tag>{t('workload.reassign.sameTeam')}</Tag>}
      <Tag color={LEVEL_COLOR[c.level]}>
        {hours(c.totalHours)}/{hours(c.capacityHours)} · {t(`workload.level.${c.level}`)}
      </Tag>
    </Space>
  );
}

function TaskCard({ task, active, onSelect, onReassign }: { task: CellTask; active: boolean; onSelect: () => void; onReassign: () => void }) {
  const t = useT();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: task.id, disabled: !task.canReassign });
  return (
    <Card
      ref={setNodeRef}
      size="small"
      data-testid={`task-${task.id}`}
      onClick={onSelect}
      onPointerDownCapture={onSelect}
      style={{
        borderColor: active ? '#1677ff' : undefined,
        transform: transform ? `translate(${transform.x}px, ${transform.y}px)` : undefined,
        zIndex: isDragging ? 10 : undefined,
        position: 'relative',
        boxShadow: isDragging ? '0 6px 16px rgba(0,0,0,.15)' : undefined,
      }}
      title={
        <Space>
          {task.canReassign && (
            <HolderOutlined {...listeners} {...attributes} aria-label={t('workload.drag', { title: task.title })} style={{ cursor: 'grab' }} />
          )}
          <span>{task.title}</span>
          {task.tentative && <Tag style={{ borderStyle: 'dashed' }}>{t('workload.tentative.line')}</Tag>}
        </Space>
      }
      extra={
        task.canReassign && (
          <Button size="small" icon={<SwapOutlined />} onClick={onReassign}>
            {t('workload.reassign')}
          </Button>
        )
      }
    >
      <Space direction="vertical" size={2}>
        <Typography.Text type="secondary">{task.projectName}</Typography.Text>
        <span>
          {t('workload.drawer.due', { date: localDateTime(task.dueAt) })} · {t('workload.drawer.estimate', { est: hours(task.estimateHours), h: hours(task.hours) })}
        </span>
        <span>
          {t('workload.drawer.assignees')}：{task.assignees.map((a) => a.name).join('、')}
        </span>
      </Space>
    </Card>
  );
}

function DropTarget({ c }: { c: ReassignCandidate }) {
  const t = useT();
  const { setNodeRef, isOver } = useDroppable({ id: c.id });
  return (
    <Card
      ref={setNodeRef}
      size="small"
      data-testid={`drop-${c.id}`}
      aria-label={t('workload.reassign.dropHere', { name: c.name })}
      style={{ background: isOver ? '#e6f4ff' : undefined, borderColor: isOver ? '#1677ff' : undefined }}
      styles={{ body: { padding: '6px 10px' } }}
    >
      <CandidateLabel c={c} />
    </Card>
  );
}
