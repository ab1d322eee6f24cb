import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Skeleton, Space, Tabs } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import type { Board } from '../../../../shared/contract';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { useMinuteClock } from '../../shell/clock';
import { navigate, useRouter } from '../../shell/router';
import { BoardFilterBar } from './BoardFilterBar';
import { BoardLanes } from './BoardLanes';
import { laneContainers, newTaskColumn, shownLanes } from './lanes';
import { later, usePreloadWhenIdle, WhenOpened } from './later';
import { ProgressHeader } from './ProgressHeader';
import { useBoard, visibleTasks } from './store';
import { useTaskInUrl } from './taskUrl';
import { UndoButton } from './UndoButton';
import { Heading, SecondaryText } from '../../components/Plain';

// What the board does not need to paint its columns and cards: each its own chunk, loaded when it
// opens (the drawer and the new-task dialog also once the board is shown and the page is idle).
const TaskDrawer = later(() => import('./TaskDrawer').then((m) => m.TaskDrawer));
const NewTaskDialog = later(() => import('./NewTaskDialog').then((m) => m.NewTaskDialog));
const AddColumnDialog = later(() => import('./AddColumnDialog').then((m) => m.AddColumnDialog));
const DeliverablesPanel = later(() => import('./DeliverablesPanel').then((m) => m.DeliverablesPanel));

/** A project's board: the cards in lanes and columns (BoardLanes), the filter bar, the deliverables tab and the drawer. */
export function BoardPage({ projectId }: { projectId: string }) {
  const t = useT();
  const board = useBoard((s) => s.board);
  const filters = useBoard((s) => s.filters);
  const swimlanes = useBoard((s) => s.swimlanes);
  const { load, run } = useBoard.getState();
  const tabParam = useRouter((s) => (s.query.get('tab') === 'deliverables' ? 'deliverables' : 'board'));
  const [tab, setTab] = useState<string>(tabParam);
  useEffect(() => setTab(tabParam), [tabParam]);
  const [newTaskIn, setNewTaskIn] = useState<string | null>(null);
  const [addingColumn, setAddingColumn] = useState(false);

  useEffect(() => {
    void load(projectId);
  }, [load, projectId]);
  // A change anywhere (another window, another desktop through the hub): reload the board and the open task.
  useLive(() => Promise.all([useBoard.getState().refreshIfChanged(), useBoard.getState().openTaskId ? useBoard.getState().loadDetail() : null]));
  useTaskInUrl(projectId);
  const now = useMinuteClock();
  usePreloadWhenIdle(board !== null, TaskDrawer.preload, NewTaskDialog.preload);
  // A `?task=` link: the drawer's code loads beside the board's data (OpenTaskDrawer).
  useEffect(() => {
    if (useRouter.getState().query.get('task')) TaskDrawer.preload();
  }, []);

  const visible = useMemo(() => (board ? visibleTasks(board, filters, now) : []), [board, filters, now]);
  const unassigned = t('boards.unassigned');
  // A string, not `t` (a new function every render): the lanes change with the language.
  const lanes = useMemo(() => (board ? shownLanes(board, swimlanes, visible, unassigned) : []), [board, swimlanes, visible, unassigned]);
  const containers = useMemo(() => laneContainers(board?.columns ?? [], lanes, visible), [board?.columns, lanes, visible]);

  if (!board) return <Card loading />;

  const boardView = (
    <>
      <BoardFilterBar board={board} shown={visible.length} />
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
      <BoardLanes board={board} lanes={lanes} containers={containers} now={now} onAddTask={setNewTaskIn} onAddColumn={() => setAddingColumn(true)} />
      <SecondaryText style={{ fontSize: 12 }}>
        {t(board.canManage ? 'boards.columnsHintManager' : 'boards.columnsHintMember')} {t('boards.keyboardHint')}
      </SecondaryText>
    </>
  );

  return (
    // data-ready: this project's board (not the previous one still in the store) is rendered (renderer bench).
    <div data-testid="board" data-project-id={board.project.id} data-ready={board.project.id === projectId ? 'true' : 'false'}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} align="start" wrap>
        <Space align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('boards.back')} onClick={() => navigate(`/projects/${projectId}`)} />
          <Heading level={3} style={{ margin: 0 }}>
            {board.project.name}
          </Heading>
        </Space>
        <Space>
          <UndoButton board={board} />
          {board.canWork && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setNewTaskIn(newTaskColumn(board.columns))}>
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
          {
            key: 'deliverables',
            label: <span onMouseEnter={DeliverablesPanel.preload}>{t('boards.tabDeliverables', { n: board.deliverables.length })}</span>,
            children: (
              <Suspense fallback={<Skeleton active />}>
                <DeliverablesPanel.Component board={board} />
              </Suspense>
            ),
          },
        ]}
      />
      <OpenTaskDrawer board={board} />
      <WhenOpened open={newTaskIn !== null}>
        <NewTaskDialog.Component board={board} column={newTaskIn} onClose={() => setNewTaskIn(null)} />
      </WhenOpened>
      <WhenOpened open={addingColumn}>
        <AddColumnDialog.Component projectId={projectId} open={addingColumn} onClose={() => setAddingColumn(false)} />
      </WhenOpened>
    </div>
  );
}

/** The open card's drawer: mounted from the first time a card opens, then kept. */
function OpenTaskDrawer({ board }: { board: Board }) {
  const open = useBoard((s) => s.openTaskId !== null);
  // Opened by a `?task=` link or a reload: the board waits for the drawer's code (loading since
  // the board mounted) and shows with it, as when they were one chunk — Esc closes it as soon as
  // the board is there. No Suspense of its own here: the screen's skeleton meanwhile.
  const [linked] = useState(() => useRouter.getState().query.get('task') !== null);
  if (linked) return <TaskDrawer.Component board={board} />;
  return (
    <WhenOpened open={open}>
      <TaskDrawer.Component board={board} />
    </WhenOpened>
  );
}
