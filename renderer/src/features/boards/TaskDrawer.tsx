import '../../rest-styles';
import { MentionInput, MentionText, useMentionBox } from '../notifications/MentionInput';
import { DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import type { Board, ChecklistItem, BoardMember } from '../../../../shared/contract';
import { PRIORITIES, type Priority } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { useBoard } from './store';
import { AssignmentPanel } from './AssignmentPanel';
import { useActivityLine } from '../settings/activity';
import { normaliseQuery, personMatches } from '../../../../shared/people-search';
import { fromLocalDateTime, localDateTime, localShortDateTime } from '../../../../shared/time';
import { fromDisplay, toDisplay } from '../../../../shared/mentions';
import { usePeopleDirectory } from '../people/directory';
import { changesOf, clearDraft, fieldsOf, readDraft, same, TYPED_FIELDS, TYPING_PAUSE_MS, writeDraft, type TaskFields } from './draft';

interface TaskForm {
  title: string;
  description: string;
  assigneeIds: string[];
  due: Dayjs | null;
  priority: Priority;
  estimateHours: number | null;
  labels: string[];
  deliverableId: string | null;
}

/**
 * The form's values as the draft module speaks them (the picker's dayjs as the center's wall clock;
 * the description's `@name` mentions as the `@{id}` tokens it is stored with).
 */
function formToFields(v: TaskForm, storeText: (display: string) => string): TaskFields {
  return {
    title: v.title ?? '',
    description: storeText(v.description ?? ''),
    assigneeIds: v.assigneeIds ?? [],
    due: v.due ? v.due.format('YYYY-MM-DD HH:mm') : null,
    priority: v.priority,
    estimateHours: v.estimateHours ?? null,
    labels: v.labels ?? [],
    deliverableId: v.deliverableId ?? null,
  };
}

function fieldToForm<K extends keyof TaskFields>(k: K, v: TaskFields[K], showText: (stored: string) => string): unknown {
  return k === 'due' ? (v === null ? null : dayjs(v as string)) : k === 'description' ? showText(v as string) : v;
}

/** A group member by characters, pinyin or initials: the one person-box rule (shared/people-search.ts). */
export const memberFilter = (members: BoardMember[]) => (input: string, opt?: { value?: unknown }) => {
  const m = members.find((x) => x.id === opt?.value);
  return !!m && personMatches({ ...m, title: '', skills: [] }, normaliseQuery(input));
};

/** The task drawer: fields, checklist, comments and the task's history from the activity log. */
export function TaskDrawer({ board }: { board: Board }) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const activityLine = useActivityLine();
  const openTaskId = useBoard((s) => s.openTaskId);
  const detail = useBoard((s) => s.detail);
  const { openTask, run } = useBoard.getState();
  const [form] = Form.useForm<TaskForm>();
  const [newItem, setNewItem] = useState('');
  const [comment, setComment] = useState('');
  const mentions = useMentionBox();
  // The description box shows `@name`; what is saved keeps `@{id}` (a rename keeps the mention).
  const people = usePeopleDirectory();
  const nameOf = (id: string): string | undefined => people?.find((p) => p.id === id)?.name;
  /** The people the description named when it was last put into the box, and those picked there since. */
  const descKnown = useRef<{ id: string; name: string }[]>([]);
  const descMentions = useMentionBox();
  const showText = (stored: string): string => {
    const { display, known } = toDisplay(stored, nameOf);
    for (const k of known) if (!descKnown.current.some((x) => x.id === k.id)) descKnown.current.push(k);
    return display;
  };
  // The directory arrived after the task: an untouched description shows its names now.
  useEffect(() => {
    const s = synced.current;
    if (!people || !s) return;
    if ((form.getFieldValue('description') ?? '') === s.fields.description) form.setFieldsValue({ description: showText(s.fields.description) });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- when the directory loads
  }, [people]);
  const storeText = (display: string): string => descMentions.toStored(fromDisplay(display, descKnown.current));
  const typedFields = (): TaskFields => formToFields(form.getFieldsValue(true) as TaskForm, storeText);
  const canWork = board.canWork;

  // The form follows the task as it changes (a save, another window, the hub), field by field:
  // a field the person has edited since the last answer keeps what they typed.
  /** The task's fields as last put into the form, and for which task. */
  const synced = useRef<{ id: string; fields: TaskFields } | null>(null);
  /** What this drawer last sent: the answer to it is not someone else's change. */
  const sent = useRef<TaskFields | null>(null);
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const formKey = detail ? `${detail.id}:${detail.updatedAt}` : '';
  // Another card (or none): the next answer fills the form afresh.
  useEffect(() => {
    synced.current = null;
    sent.current = null;
    descKnown.current = [];
    descMentions.reset();
    setSaveState('idle');
  }, [openTaskId]);
  useEffect(() => {
    if (!detail) return;
    const next = fieldsOf(detail);
    const prev = synced.current?.id === detail.id ? synced.current.fields : null;
    const typed = prev ? typedFields() : null;
    const values: Record<string, unknown> = {};
    const clashes: string[] = [];
    for (const k of Object.keys(next) as (keyof TaskFields)[]) {
      // Untouched since the last answer: take the new value; edited: keep what the person typed.
      if (!prev || !typed || same(typed[k], prev[k])) values[k] = fieldToForm(k, next[k], showText);
      else if (!same(next[k], prev[k]) && !same(next[k], sent.current?.[k])) clashes.push(k === 'title' ? t('boards.taskTitle') : k === 'description' ? t('boards.description') : k);
    }
    form.setFieldsValue(values as Partial<TaskForm>);
    // Someone else changed a field this person is editing: say so, never overwrite either silently.
    if (clashes.length) message.warning(t('boards.changedElsewhere', { fields: clashes.join('、') }), 8);
    synced.current = { id: detail.id, fields: next };
    if (prev) return;
    // Text typed before a reload (or a crash) and not yet saved: back in the box, and saved.
    const draft = readDraft(detail.id);
    if (draft && Object.keys(changesOf(detail, draft)).length) {
      form.setFieldsValue({ ...(draft.title !== undefined ? { title: draft.title } : {}), ...(draft.description !== undefined ? { description: showText(draft.description) } : {}) });
      void saveNow();
    } else if (draft) clearDraft(detail.id);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a new version of the task only
  }, [formKey, form]);

  /** Saves what differs from the task now; only those fields (under sync, others' edits of other fields survive). */
  const saveNow = async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const current = useBoard.getState().detail;
    if (!current || !canWork) return;
    const f = typedFields();
    if (!f.title.trim()) {
      void form.validateFields(['title']).catch(() => undefined);
      return;
    }
    const changes = changesOf(current, f);
    if (!Object.keys(changes).length) {
      clearDraft(current.id);
      return;
    }
    setSaveState('saving');
    sent.current = f;
    try {
      await run('tasks.update', { id: current.id, ...changes });
      clearDraft(current.id);
      setSaveState('saved');
    } catch {
      setSaveState('failed');
    }
  };

  const onValuesChange = (changed: Partial<TaskForm>): void => {
    const id = useBoard.getState().detail?.id;
    if (!id) return;
    const names = Object.keys(changed) as (keyof TaskForm)[];
    if (names.every((n) => TYPED_FIELDS.includes(n as keyof TaskFields))) {
      writeDraft(id, typedFields());
      setSaveState('idle');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), TYPING_PAUSE_MS);
    } else {
      void saveNow();
    }
  };

  // Closing the drawer (Esc, ✕, another card) saves what was typed first.
  const close = (): void => {
    void saveNow();
    openTask(null);
  };
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const addItem = async () => {
    if (!detail || !newItem.trim()) return;
    await run('checklist.add', { taskId: detail.id, text: newItem.trim() });
    setNewItem('');
  };

  const sendComment = async () => {
    if (!detail || !comment.trim()) return;
    await run('comments.add', { taskId: detail.id, body: mentions.toStored(comment.trim()) });
    setComment('');
    mentions.reset();
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onItemDragEnd = (e: DragEndEvent) => {
    if (!detail || !e.over || e.active.id === e.over.id) return;
    const ids = detail.checklist.map((c) => c.id);
    const next = arrayMove(ids, ids.indexOf(String(e.active.id)), ids.indexOf(String(e.over.id)));
    const at = next.indexOf(String(e.active.id));
    void run('checklist.move', { id: String(e.active.id), afterId: next[at - 1] ?? null });
  };

  const memberOptions = board.members.map((m) => ({ value: m.id, label: `${m.name} · ${m.teamName}` }));
  const allLabels = [...new Set(board.tasks.flatMap((x) => x.labels))].map((l) => ({ value: l, label: l }));

  return (
    <Drawer
      open={openTaskId !== null}
      onClose={close}
      size={620}
      rootClassName="task-drawer"
      destroyOnHidden
      title={detail?.title ?? t('common.loading')}
      extra={
        detail &&
        canWork && (
          <Space>
          <Typography.Text type={saveState === 'failed' ? 'danger' : 'secondary'} data-testid="drawer-save-state" aria-live="polite">
            {saveState === 'saving' ? t('boards.saving') : saveState === 'saved' ? t('common.saved') : saveState === 'failed' ? t('boards.saveFailed') : t('boards.autosave')}
          </Typography.Text>
          <Popconfirm
            title={t('boards.deleteTask', { title: detail.title })}
            onConfirm={async () => {
              await run('tasks.delete', { id: detail.id });
              openTask(null);
              message.success(t('boards.taskDeleted'));
            }}
          >
            <Button danger icon={<DeleteOutlined />}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
          </Space>
        )
      }
    >
      {detail && (
        <>
          <AssignmentPanel detail={detail} />
          <Form<TaskForm> form={form} layout="vertical" disabled={!canWork} onValuesChange={onValuesChange} onFinish={() => void saveNow()}>
            <Form.Item name="title" label={t('boards.taskTitle')} rules={[{ required: true, whitespace: true }]}>
              <Input onBlur={() => void saveNow()} />
            </Form.Item>
            <Form.Item name="description" label={t('boards.description')}>
              <MentionInput
                aria-label={t('boards.description')}
                rows={{ minRows: 2, maxRows: 8 }}
                onPick={descMentions.onPick}
                onBlur={() => void saveNow()}
                placeholder={t('boards.descriptionPlaceholder')}
              />
            </Form.Item>
            <Form.Item name="assigneeIds" label={t('boards.assignees')} extra={t('boards.assigneesHint')}>
              <Select mode="multiple" showSearch={{ filterOption: memberFilter(board.members) }} options={memberOptions} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="due" label={t('boards.due')}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
              <Form.Item name="priority" label={t('boards.priority')}>
                <Select style={{ width: 100 }} options={PRIORITIES.map((p) => ({ value: p.code, label: label(PRIORITIES, p.code) }))} />
              </Form.Item>
              <Form.Item name="estimateHours" label={t('boards.estimate')}>
                <InputNumber min={0} max={1000} step={0.5} style={{ width: 100 }} />
              </Form.Item>
            </Space>
            <Form.Item name="labels" label={t('boards.labels')}>
              <Select mode="tags" options={allLabels} tokenSeparators={[',', '，']} />
            </Form.Item>
            <Form.Item name="deliverableId" label={t('boards.linkedDeliverable')}>
              <Select allowClear options={board.deliverables.map((d) => ({ value: d.id, label: d.title }))} />
            </Form.Item>
          </Form>

          <Divider titlePlacement="start">
            {t('boards.checklist')} {detail.checklist.filter((c) => c.done).length}/{detail.checklist.length}
          </Divider>
          <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onItemDragEnd}>
            <SortableContext items={detail.checklist.map((c) => c.id)} strategy={verticalListSortingStrategy}>
              {detail.checklist.map((item) => (
                <ChecklistRow key={item.id} item={item} board={board} canWork={canWork} />
              ))}
            </SortableContext>
          </DndContext>
          {canWork && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input
                aria-label={t('boards.newItem')}
                placeholder={t('boards.newItem')}
                value={newItem}
                onChange={(e) => setNewItem(e.target.value)}
                onPressEnter={() => void addItem()}
              />
              <Button onClick={() => void addItem()} disabled={!newItem.trim()}>
                {t('boards.addItem')}
              </Button>
            </Space.Compact>
          )}

          <Divider titlePlacement="start">{t('boards.comments')}</Divider>
          {detail.comments.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('boards.noComments')} />
          ) : (
            <List
              size="small"
              dataSource={detail.comments}
              renderItem={(c) => (
                <List.Item>
                  <List.Item.Meta
                    title={
                      <Space>
                        <span>{c.authorName}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {localShortDateTime(c.createdAt)}
                        </Typography.Text>
                      </Space>
                    }
                    description={<span style={{ whiteSpace: 'pre-wrap', color: 'inherit' }}><MentionText text={c.body} /></span>}
                  />
                </List.Item>
              )}
            />
          )}
          {canWork && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <MentionInput
                aria-label={t('boards.commentPlaceholder')}
                placeholder={`${t('boards.commentPlaceholder')} · ${t('notifications.mention')}`}
                value={comment}
                onChange={setComment}
                onPick={mentions.onPick}
              />
              <Button type="primary" onClick={() => void sendComment()} disabled={!comment.trim()}>
                {t('boards.send')}
              </Button>
            </Space.Compact>
          )}

          <Divider titlePlacement="start">{t('boards.history')}</Divider>
          <Timeline
            items={detail.history.map((h) => ({
              key: h.id,
              content: (
                <Space direction="vertical" size={0}>
                  <span>{activityLine(h)}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {h.actorName ?? '—'} · {localDateTime(h.at)}
                  </Typography.Text>
                </Space>
              ),
            }))}
          />
        </>
      )}
    </Drawer>
  );
}

function ChecklistRow({ item, board, canWork }: { item: ChecklistItem; board: Board; canWork: boolean }) {
  const t = useT();
  const run = useBoard((s) => s.run);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition } = useSortable({ id: item.id, disabled: !canWork });
  return (
    <div
      ref={setNodeRef}
      data-testid="checklist-item"
      style={{ transform: CSS.Translate.toString(transform), transition, display: 'flex', alignItems: 'center', gap: 8, padding: '4px 0' }}
    >
      {canWork && (
        <Button
          size="small"
          type="text"
          icon={<HolderOutlined />}
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={t('boards.reorderItem', { text: item.text })}
          style={{ cursor: 'grab' }}
        />
      )}
      <Checkbox
        checked={item.done}
        disabled={!canWork}
        onChange={(e) => void run('checklist.update', { id: item.id, done: e.target.checked })}
        style={{ flex: 1 }}
      >
        <Typography.Text delete={item.done}>{item.text}</Typography.Text>
      </Checkbox>
      <Select
        size="small"
        variant="borderless"
        allowClear
        disabled={!canWork}
        placeholder={t('boards.itemAssignee')}
        aria-label={t('boards.itemAssigneeOf', { text: item.text })}
        style={{ width: 100 }}
        value={item.assigneeId ?? undefined}
        onChange={(v: string | undefined) => void run('checklist.update', { id: item.id, assigneeId: v ?? null })}
        options={board.members.map((m) => ({ value: m.id, label: m.name }))}
      />
      <DatePicker
        size="small"
        variant="borderless"
        disabled={!canWork}
        placeholder={t('boards.itemDue')}
        style={{ width: 120 }}
        format="MM-DD HH:mm"
        showTime={{ format: 'HH:mm' }}
        value={item.dueAt === null ? null : dayjs(localDateTime(item.dueAt))}
        onChange={(d: Dayjs | null) => void run('checklist.update', { id: item.id, dueAt: d ? fromLocalDateTime(d.format('YYYY-MM-DD HH:mm')) : null })}
      />
      {canWork && (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          aria-label={t('boards.deleteItem', { text: item.text })}
          onClick={() => void run('checklist.delete', { id: item.id })}
        />
      )}
    </div>
  );
}
