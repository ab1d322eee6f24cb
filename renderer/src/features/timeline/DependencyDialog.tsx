import { App, Button, Form, List, Select, Typography } from 'antd';
import type { ProjectTimeline, TimelineTask } from '../../../../shared/contract';
import { wouldCycle } from '../../../../shared/timeline';
import { FormDialog } from '../../components/FormDialog';
import { useT } from '../../i18n';
import { useTimeline } from './store';

interface Values {
  predecessorId: string | undefined;
}

/** What one task waits for: its predecessors (remove one) and a new one picked from the project's other tasks. */
export function DependencyDialog({ p, task, onClose }: { p: ProjectTimeline; task: TimelineTask; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const picked = Form.useWatch('predecessorId', form);
  const { run } = useTimeline.getState();
  const titleOf = new Map(p.tasks.map((x) => [x.id, x.title]));
  const current = p.dependencies.filter((d) => d.successorId === task.id);
  // The same rule main applies (shared/timeline.ts): no task already waiting on this one, directly or not.
  const choices = p.tasks.filter((x) => x.id !== task.id && !current.some((d) => d.predecessorId === x.id) && !wouldCycle(p.dependencies, x.id, task.id));
  const remove = async (predecessorId: string) => {
    await run('timeline.removeDependency', { predecessorId, successorId: task.id });
    message.success(t('timeline.removed'));
  };
  return (
    <FormDialog<Values>
      open
      title={t('timeline.depsTitle', { title: task.title })}
      form={form}
      name="timeline-deps"
      initialValues={{ predecessorId: undefined }}
      okText={t('timeline.addPredecessor')}
      canSubmit={Boolean(picked)}
      onClose={onClose}
      intro={
        <>
          <Typography.Paragraph type="secondary">{t('timeline.depsIntro', { title: task.title })}</Typography.Paragraph>
          <List
            size="small"
            data-testid="timeline-predecessors"
            locale={{ emptyText: t('timeline.depsNone') }}
            dataSource={current}
            renderItem={(d) => (
              <List.Item
                data-testid="timeline-predecessor"
                actions={[
                  <Button key="rm" size="small" danger onClick={() => void remove(d.predecessorId).catch(() => undefined)}>
                    {t('timeline.remove')}
                  </Button>,
                ]}
              >
                {titleOf.get(d.predecessorId) ?? ''}
              </List.Item>
            )}
            style={{ marginBottom: 12 }}
          />
        </>
      }
      onSubmit={async (v) => {
        if (!v.predecessorId) return;
        await run('timeline.addDependency', { predecessorId: v.predecessorId, successorId: task.id });
        message.success(t('timeline.added'));
      }}
    >
      <Form.Item name="predecessorId" label={t('timeline.predecessor')} style={{ marginBottom: 0 }}>
        <Select
          showSearch
          optionFilterProp="label"
          aria-label={t('timeline.predecessor')}
          options={choices.map((x) => ({ value: x.id, label: x.title }))}
        />
      </Form.Item>
    </FormDialog>
  );
}
