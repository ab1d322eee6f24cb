import { useLive } from '../../api/live';
import { useMinuteClock } from '../../shell/clock';
import { useActivityLine } from '../settings/activity';
import { ArrowLeftOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { arrayMove, sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { App, Alert, Button, Card, Input, Modal, Select, Space, Tabs, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Board, TaskCard } from '../../../../shared/contract';
import { compareKeys } from '../../../../shared/ordering';
import { useDataLabel, useLocaleStore, useT } from '../../i18n';
import { navigate, useRouter } from '../../shell/router';
import { BoardColumnView, type ContainerDragData } from './BoardColumnView';
import { ColumnHeader } from './ColumnHeader';
import { DeliverablesPanel } from './DeliverablesPanel';
import { ProgressHeader } from './ProgressHeader';
import { useBoard, visibleTasks, type DueFilter, type Swimlanes } from './store';
import { TaskDrawer } from './TaskDrawer';
import { CardBody, type CardDragData } from './TaskCardView';

interface Lane {
  key: string;
  title: string | null;
  has(t: TaskCard): boolean;
}

function lanesOf(board: Board, mode: Swimlanes, t: ReturnType<typeof useT>): Lane[] {
  if (mode === 'none') return [{ key: 'all', title: null, has: () => true }];
  const teamOf = new Map(board.members.map((m) => [m.id, m.teamId]));
  if (mode === 'assignee') {
    const used = new Set(board.tasks.flatMap((x) => x.assigneeIds));
    return [
      ...board.members.filter((m) => used.has(m.id)).map((m) => ({ key: m.id, title: m.name, has: (x: TaskCard) => x.assigneeIds.includes(m.id) })),
      { key: 'nobody', title: t('boards.unassigned'), has: (x: TaskCard) => x.assigneeIds.length === 0 },
    ];
  }
  const teams = new Map<string, string>();
  for (const m of board.members) teams.set(m.teamId, m.teamName);
  return [
    ...[...teams].map(([id, name]) => ({
      key: id,
      title: name,
      has: (x: TaskCard) => x.assigneeIds.some((a) => teamOf.get(a) === id),
    })),
    { key: 'nobody', title: t('boards.unassigned'), has: (x: TaskCard) => x.assigneeIds.length === 0 },
  ];
}

export function BoardPage({ projectId }: { projectId: string }) {
  const t = useT();
  const { message } = App.useApp();
  const activityLine = useActivityLine();
  const dataLabel = useDataLabel();
  const locale = useLocaleStore((s) => s.locale);
  const board = useBoard((s) => s.board);
  const filters = useBoard((s) => s.filters);
  const swimlanes = useBoard((s) => s.swimlanes);
  const openTaskParam = useRouter((s) => s.query.get('task'));
  const tabParam = useRouter((s) => (s.query.get('tab') === 'deliverables' ? 'deliverables' : 'board'));
  const [tab, setTab] = useState<string>(tabParam);
  useEffect(() => setTab(tabParam), [tabParam]);
  const { load, setFilters, setSwimlanes, openTask, moveTask, undo, run } = useBoard.getState();
  const [dragging, setDragging] = useState<TaskCard | null>(null);
  const [newTaskColumn, setNewTaskColumn] = useState<string | null>(null);
  const [newTitle, setNewTitle] = useState('');
  const [addingColumn, setAddingColumn] = useState(false);
  const [columnName, setColumnName] = useState('');
  const lastDragEnd = useRef(0);

  useEffect(() => {
    void load(projectId);
  }, [load, projectId]);
  // A change anywhere (another window, another desktop through the hub): reload the board and the open task.
  useLive(() => Promise.all([load(projectId), useBoard.getState().openTaskId ? useBoard.getState().loadDetail() : null]));
  const now = useMinuteClock();
  const openTaskId = useBoard((s) => s.openTaskId);
  useEffect(() => {
    if (openTaskParam && openTaskParam !== useBoard.getState().openTaskId) openTask(openTaskParam);
  }, [openTaskParam, openTask]);
  // The URL names the open card, however it was opened: a reload opens it again.
  useEffect(() => {
    if (openTaskId && openTaskId !== openTaskParam) navigate(`/projects/${projectId}/board?task=${encodeURIComponent(openTaskId)}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the open card only
  }, [openTaskId]);
  // Closing the drawer drops ?task= so a reload does not reopen it.
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !openTaskId && openTaskParam) navigate(`/projects/${projectId}/board`);
    wasOpen.current = openTaskId !== null;
  }, [openTaskId, openTaskParam, projectId]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter opens the card; Space picks it up and drops it.
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );

  const names = useMemo(() => new Map((board?.members ?? []).map((m) => [m.id, m.name])), [board?.members]);
  const visible = useMemo(() => (board ? visibleTasks(board, filters, now) : []), [board, filters, now]);
  // Lanes with no card that passes the filters are left out: they would only be empty rows.
  const lanes = useMemo(() => {
    if (!board) return [];
    const all = lanesOf(board, swimlanes, t);
    if (swimlanes === 'none') return all;
    const shown = all.filter((l) => visible.some((x) => l.has(x)));
    return shown.length ? shown : all.slice(0, 1);
    // `t` changes identity every render; the language is what matters.
  }, [board, swimlanes, locale, visible]);
  /** containerId `${lane}|${column}` → its visible cards, in order. */
  const containers = useMemo(() => {
    const m = new Map<string, TaskCard[]>();
    if (!board) return m;
    for (const lane of lanes) {
      for (const col of board.columns) {
        m.set(`${lane.key}|${col.id}`, visible.filter((x) => x.columnId === col.id && lane.has(x)).sort(compareKeys));
      }
    }
    return m;
  }, [board, lanes, visible]);
  const allLabels = useMemo(() => [...new Set((board?.tasks ?? []).flatMap((x) => x.labels))].sort(), [board?.tasks]);

  // Stable, so the memoised cards do not all re-render on every board change.
  const open = useCallback(
    (id: string) => {
      if (Date.now() - lastDragEnd.current < 250) return;
      openTask(id);
    },
    [openTask],
  );

  if (!board) return <Card loading />;


  const onDragStart = (e: DragStartEvent) => {
    const d = e.active.data.current as CardDragData | undefined;
    setDragging(board.tasks.find((x) => x.id === d?.taskId) ?? null);
  };

  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    lastDragEnd.current = Date.now();
    const a = e.active.data.current as CardDragData | undefined;
    const over = e.over;
    if (!a || !over) return;
    const o = over.data.current as CardDragData | ContainerDragData | undefined;
    if (!o) return;
    const targetContainer = o.type === 'card' ? o.containerId : String(over.id);
    const columnId = targetContainer.split('|')[1]!;
    const items = (containers.get(targetContainer) ?? []).map((x) => x.id);
    let afterId: string | null;
    if (targetContainer === a.containerId) {
      const from = items.indexOf(a.taskId);
      const to = o.type === 'card' ? items.indexOf(o.taskId) : items.length - 1;
      if (from === to || from < 0 || to < 0) return;
      const next = arrayMove(items, from, to);
      afterId = next[to - 1] ?? null;
    } else {
      const rest = items.filter((x) => x !== a.taskId);
      const at = o.type === 'card' ? rest.indexOf(o.taskId) : rest.length;
      afterId = at <= 0 ? null : rest[at - 1]!;
    }
    void moveTask(a.taskId, columnId, afterId);
  };

  const doUndo = async () => {
    // What is undone is named from the log entry itself, in the UI's language (not cut out of the server's message).
    const target = useBoard.getState().board?.undo;
    await undo();
    if (target) message.success(t('boards.undone', { what: activityLine(target) }));
  };

  const createTask = async () => {
    if (!newTitle.trim() || !newTaskColumn) return;
    await run('tasks.create', { projectId, columnId: newTaskColumn, title: newTitle.trim() });
    setNewTaskColumn(null);
    setNewTitle('');
  };

  const addColumn = async () => {
    if (!columnName.trim()) return;
    await run('columns.create', { projectId, name: columnName.trim() });
    setAddingColumn(false);
    setColumnName('');
  };

  // What a screen reader says while a card is carried by keyboard, in the UI language.
  const titleOf = (id: string | number): string => board.tasks.find((x) => x.id === String(id).split('|')[1])?.title ?? '';
  /** A dnd id is `${lane}|${column}` (a column) or `${lane}|${task}` (a card): the column's name either way. */
  const whereOf = (id: string | number): string => {
    const key = String(id).split('|')[1];
    const columnId = board.columns.some((c) => c.id === key) ? key : board.tasks.find((x) => x.id === key)?.columnId;
    return dataLabel(board.columns.find((c) => c.id === columnId)?.name ?? '');
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('boards.a11yPicked', { title: titleOf(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('boards.a11yOver', { title: titleOf(active.id), column: whereOf(over.id) }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t('boards.a11yDropped', { title: titleOf(active.id), column: whereOf(over.id) }) : undefined),
    onDragCancel: ({ active }) => t('boards.a11yCancelled', { title: titleOf(active.id) }),
  };
  const members = board.members;
  const teams = [...new Map(members.map((m) => [m.teamId, m.teamName]))];
  const boardView = (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('boards.search')}
          aria-label={t('boards.search')}
          style={{ width: 220 }}
          value={filters.search}
          onChange={(e) => setFilters({ search: e.target.value })}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('boards.filterAssignee')}
          placeholder={t('boards.filterAssignee')}
          style={{ minWidth: 160 }}
          maxTagCount={2}
          value={filters.assigneeIds}
          onChange={(v: string[]) => setFilters({ assigneeIds: v })}
          showSearch={{
            filterOption: (input, opt) => {
              const m = members.find((x) => x.id === opt?.value);
              const q = input.toLowerCase();
              return !!m && (m.name.includes(input) || m.pinyin.includes(q) || m.pinyinInitials.startsWith(q));
            },
          }}
          options={members.map((m) => ({ value: m.id, label: m.name }))}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('boards.filterTeam')}
          placeholder={t('boards.filterTeam')}
          style={{ minWidth: 140 }}
          maxTagCount={1}
          value={filters.teamIds}
          onChange={(v: string[]) => setFilters({ teamIds: v })}
          options={teams.map(([id, name]) => ({ value: id, label: name }))}
        />
        <Select
          mode="multiple"
          allowClear
          aria-label={t('boards.filterLabel')}
          placeholder={t('boards.filterLabel')}
          style={{ minWidth: 120 }}
          value={filters.labels}
          onChange={(v: string[]) => setFilters({ labels: v })}
          options={allLabels.map((l) => ({ value: l, label: l }))}
        />
        <Select<DueFilter>
          aria-label={t('boards.filterDue')}
          style={{ width: 130 }}
          value={filters.due}
          onChange={(due) => setFilters({ due })}
          options={(['any', 'overdue', 'today', 'week', 'none'] as const).map((d) => ({ value: d, label: t(`boards.due.${d}`) }))}
        />
        <Select<Swimlanes>
          aria-label={t('boards.swimlanes')}
          style={{ width: 150 }}
          value={swimlanes}
          onChange={setSwimlanes}
          options={(['none', 'team', 'assignee'] as const).map((d) => ({ value: d, label: t(`boards.lanes.${d}`) }))}
        />
        <Typography.Text type="secondary">{t('boards.showing', { n: visible.length, total: board.tasks.length })}</Typography.Text>
      </Space>
      {board.columns.length === 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('boards.noColumns')}
          action={
            board.canManage && (
              <Button size="small" type="primary" onClick={() => void run('columns.setupDefaults', { projectId })}>
                {t('boards.setupDefaults')}
              </Button>
            )
          }
        />
      )}
      {!board.canWork && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('boards.readOnly')} />}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('boards.keyboardHint') } }}
      >
        <div style={{ overflowX: 'auto', paddingBottom: 8 }}>
          {lanes.map((lane) => (
            <div key={lane.key} style={{ marginBottom: lane.title ? 16 : 0 }} data-testid="swimlane">
              {lane.title && (
                <Typography.Title level={5} style={{ margin: '4px 0 8px', position: 'sticky', left: 0, display: 'inline-block' }}>
                  {lane.title}
                </Typography.Title>
              )}
              <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
                {board.columns.map((col) => {
                  const cid = `${lane.key}|${col.id}`;
                  const cards = containers.get(cid) ?? [];
                  return (
                    <BoardColumnView
                      key={cid}
                      containerId={cid}
                      columnId={col.id}
                      columnName={col.name}
                      lane={lane.key}
                      tasks={cards}
                      names={names}
                      now={now}
                      canWork={board.canWork}
                      onOpen={open}
                      maxHeight={lane.title ? 420 : 'calc(100vh - 340px)'}
                      header={
                        <ColumnHeader
                          board={board}
                          column={col}
                          count={board.tasks.filter((x) => x.columnId === col.id).length}
                          onAddTask={board.canWork && lane.key === lanes[0]!.key ? () => setNewTaskColumn(col.id) : undefined}
                          showMenu={lane.key === lanes[0]!.key}
                        />
                      }
                    />
                  );
                })}
                {board.canManage && lane.key === lanes[0]!.key && (
                  <Button icon={<PlusOutlined />} onClick={() => setAddingColumn(true)} style={{ flex: 'none' }}>
                    {t('boards.addColumn')}
                  </Button>
                )}
              </div>
            </div>
          ))}
        </div>
        <DragOverlay>
          {dragging && (
            <Card size="small" style={{ width: 264, boxShadow: '0 8px 24px rgba(0,0,0,.18)' }} styles={{ body: { padding: 10 } }}>
              <CardBody task={dragging} names={names} now={now} />
            </Card>
          )}
        </DragOverlay>
      </DndContext>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(board.canManage ? 'boards.columnsHintManager' : 'boards.columnsHintMember')} {t('boards.keyboardHint')}
      </Typography.Text>
    </>
  );

  return (
    // data-ready: this project's board (not the previous one still in the store) is rendered (renderer bench).
    <div data-testid="board" data-project-id={board.project.id} data-ready={board.project.id === projectId ? 'true' : 'false'}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="start" wrap>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('boards.back')} onClick={() => navigate(`/projects/${projectId}`)} />
          <Typography.Title level={3} style={{ margin: 0 }}>
            {board.project.name}
          </Typography.Title>
        </Space>
        <Space>
          <Tooltip title={board.undo ? activityLine(board.undo) : t('boards.nothingToUndo')}>
            <Button icon={<UndoOutlined />} disabled={!board.undo || !board.canWork} onClick={() => void doUndo()}>
              {t('boards.undo')}
            </Button>
          </Tooltip>
          {board.canWork && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewTaskColumn(board.columns.find((c) => !c.isDone)?.id ?? board.columns[0]?.id ?? null)}>
              {t('boards.newTask')}
            </Button>
          )}
        </Space>
      </Space>
      <ProgressHeader board={board} />
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'board', label: t('boards.tabBoard'), children: boardView },
          { key: 'deliverables', label: t('boards.tabDeliverables', { n: board.deliverables.length }), children: <DeliverablesPanel board={board} /> },
        ]}
      />
      <TaskDrawer board={board} />
      <Modal
        open={newTaskColumn !== null}
        title={t('boards.newTask')}
        destroyOnHidden
        onCancel={() => setNewTaskColumn(null)}
        onOk={() => void createTask()}
        okText={t('common.create')}
        okButtonProps={{ disabled: !newTitle.trim() }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            aria-label={t('boards.column')}
            value={newTaskColumn ?? undefined}
            onChange={setNewTaskColumn}
            style={{ width: '100%' }}
            options={board.columns.map((c) => ({ value: c.id, label: dataLabel(c.name) }))}
          />
          <Input
            autoFocus
            aria-label={t('boards.taskTitle')}
            placeholder={t('boards.taskTitle')}
            value={newTitle}
            onChange={(e) => setNewTitle(e.target.value)}
            onPressEnter={() => void createTask()}
          />
        </Space>
      </Modal>
      <Modal
        open={addingColumn}
        title={t('boards.addColumn')}
        destroyOnHidden
        onCancel={() => setAddingColumn(false)}
        onOk={() => void addColumn()}
        okText={t('common.create')}
      >
        <Input
          autoFocus
          aria-label={t('boards.columnName')}
          placeholder={t('boards.columnName')}
          value={columnName}
          onChange={(e) => setColumnName(e.target.value)}
          onPressEnter={() => void addColumn()}
        />
      </Modal>
    </div>
  );
}
