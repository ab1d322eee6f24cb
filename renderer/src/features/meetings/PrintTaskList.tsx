import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Space, Spin } from 'antd';
import { useEffect } from 'react';
import { MEETING_KINDS, PRIORITIES } from '../../../../shared/domain';
import { useLabel, useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { fmtDay } from './format';
import { useMeetings } from './store';

/**
 * The task list for the room, laid out for paper: the browser's print (or
 * "save as PDF") drops the app's chrome through the print stylesheet below.
 */
const PRINT_CSS = `
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout-content { padding: 0 !important; overflow: visible !important; }
  body { background: #fff; }
}
@page { size: A4; margin: 16mm; }
.task-sheet { background: #fff; color: #000; max-width: 900px; font-size: 13px; }
.task-sheet h1 { font-size: 22px; text-align: center; margin: 0 0 4px; }
.task-sheet .meta { text-align: center; margin-bottom: 16px; }
.task-sheet table { width: 100%; border-collapse: collapse; }
.task-sheet th, .task-sheet td { border: 1px solid #333; padding: 6px 8px; text-align: left; vertical-align: top; }
.task-sheet th { background: #f2f2f2; }
.task-sheet h2 { font-size: 15px; margin: 16px 0 6px; }
.task-sheet .sign { margin-top: 24px; display: flex; justify-content: space-between; }
`;

export function PrintTaskList({ id }: { id: string }) {
  const t = useT();
  const label = useLabel();
  const meeting = useMeetings((s) => (s.current?.id === id ? s.current : null));
  const open = useMeetings((s) => s.open);
  useEffect(() => void open(id), [id, open]);
  if (!meeting) return <Spin />;
  const byProject = new Map<string, typeof meeting.tasks>();
  for (const task of meeting.tasks) byProject.set(task.projectName, [...(byProject.get(task.projectName) ?? []), task]);
  let no = 0;
  return (
    <div>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/meetings/${id}`)}>
          {t('meetings.back')}
        </Button>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('meetings.print.printNow')}
        </Button>
      </Space>
      <div className="task-sheet" data-testid="task-sheet">
        <h1>{t('meetings.print.heading', { kind: label(MEETING_KINDS, meeting.kind) })}</h1>
        <div className="meta">
          {meeting.title && <div>{meeting.title}</div>}
          {t('meetings.print.meta', { date: meeting.date, chair: meeting.chair?.name ?? '—', n: meeting.tasks.length })}
        </div>
        {[...byProject].map(([project, tasks]) => (
          <section key={project}>
            <h2>{project}</h2>
            <table>
              <thead>
                <tr>
                  <th style={{ width: 48 }}>{t('meetings.print.no')}</th>
                  <th>{t('meetings.weekly.decisionTitle')}</th>
                  <th style={{ width: 140 }}>{t('meetings.weekly.owners')}</th>
                  <th style={{ width: 100 }}>{t('meetings.weekly.due')}</th>
                  <th style={{ width: 60 }}>{t('meetings.weekly.priority')}</th>
                  <th style={{ width: 80 }}>{t('meetings.print.done')}</th>
                </tr>
              </thead>
              <tbody>
                {tasks.map((task) => (
                  <tr key={task.id}>
                    <td>{++no}</td>
                    <td>{task.title}</td>
                    <td>{task.assignees.map((a) => a.name).join('、')}</td>
                    <td>{fmtDay(task.dueAt)}</td>
                    <td>{label(PRIORITIES, task.priority)}</td>
                    <td>{task.completed ? '✓' : '□'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
        <div className="sign">
          <span>
            {t('meetings.chair')}：{meeting.chair?.name ?? ''}
          </span>
          <span>{t('meetings.print.signature')}________________</span>
        </div>
      </div>
    </div>
  );
}
