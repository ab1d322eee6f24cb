import { FileExcelOutlined, FileTextOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect } from 'react';
import type { ReportFigures, ReportPersonRow, ReportTeamRow } from '../../../../shared/contract';
import { useLocaleStore, useT, type MessageKey } from '../../i18n';
import { downloadFile } from '../../api/files';
import { useWorkload } from './store';

const FIGURES: { key: keyof ReportFigures; label: MessageKey; digits: number }[] = [
  { key: 'tasksDone', label: 'workload.report.tasksDone', digits: 0 },
  { key: 'hours', label: 'workload.report.hours', digits: 1 },
  { key: 'deliverablesPublished', label: 'workload.report.deliverables', digits: 0 },
  { key: 'views', label: 'workload.report.views', digits: 0 },
  { key: 'likes', label: 'workload.report.likes', digits: 0 },
  { key: 'shares', label: 'workload.report.shares', digits: 0 },
  { key: 'comments', label: 'workload.report.comments', digits: 0 },
];

// Numbers the way Chinese office software shows them: thousands separators.
const fmt = (n: number, digits: number): string => n.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** When printing (or saving as PDF), only the report itself goes on paper. */
const PRINT_CSS = `@media print {
  .ant-layout-sider, .ant-layout-header, .ant-message, .no-print, .workload-tabs { display: none !important; }
  .ant-layout-content { padding: 0 !important; overflow: visible !important; }
  .print-only { display: block !important; }
  .ant-table { font-size: 11px; }
}
.print-only { display: none; }`;

export function ReportsView() {
  const t = useT();
  const { message } = App.useApp();
  const report = useWorkload((s) => s.report);
  const month = useWorkload((s) => s.month);
  const locale = useLocaleStore((s) => s.locale);
  const allTeams = useWorkload((s) => s.allTeams);
  // Files stay in Chinese (a newsroom record); the screen follows the UI language.
  const teamName = (r: { teamId: string; teamName: string }): string => {
    const team = allTeams.find((x) => x.id === r.teamId);
    return team && locale === 'en' && team.nameEn ? team.nameEn : r.teamName;
  };
  const { loadReport, setMonth, exportReport } = useWorkload.getState();
  useEffect(() => {
    void loadReport();
  }, [loadReport]);

  const doExport = async (format: 'xlsx' | 'csv') => {
    const f = await exportReport(format);
    downloadFile(f);
    message.success(t('workload.report.exported', { file: f.fileName }));
  };

  const figureCols = FIGURES.map((f) => ({
    title: t(f.label),
    key: f.key,
    align: 'right' as const,
    render: (_: unknown, r: ReportFigures) => fmt(r[f.key], f.digits),
  }));

  return (
    <div>
      <style>{PRINT_CSS}</style>
      <Space className="no-print" wrap style={{ marginBottom: 12 }}>
        <span>{t('workload.report.month')}</span>
        <DatePicker
          picker="month"
          aria-label={t('workload.report.month')}
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        />
        <Button icon={<FileExcelOutlined />} onClick={() => void doExport('xlsx')}>
          {t('workload.report.exportXlsx')}
        </Button>
        <Button icon={<FileTextOutlined />} onClick={() => void doExport('csv')}>
          {t('workload.report.exportCsv')}
        </Button>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('workload.report.print')}
        </Button>
      </Space>
      <Typography.Title level={4} className="print-only">
        {t('workload.report.printTitle', { month })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('workload.report.definition')}</Typography.Paragraph>
      {report && (
        <>
          <Typography.Title level={5}>{t('workload.report.people')}</Typography.Title>
          <Table<ReportPersonRow>
            size="small"
            bordered
            rowKey="personId"
            pagination={false}
            dataSource={report.people}
            data-testid="report-people"
            columns={[
              { title: t('workload.report.name'), dataIndex: 'name', width: 90 },
              { title: t('workload.report.team'), key: 'team', width: 130, render: (_, r) => teamName(r) },
              ...figureCols,
            ]}
            summary={() => (
              <Table.Summary.Row style={{ fontWeight: 600 }}>
                <Table.Summary.Cell index={0} colSpan={2}>
                  {t('workload.report.total')}
                </Table.Summary.Cell>
                {FIGURES.map((f, i) => (
                  <Table.Summary.Cell key={f.key} index={i + 2} align="right">
                    <span data-testid={`report-total-${f.key}`}>{fmt(report.totals[f.key], f.digits)}</span>
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            )}
          />
          {report.scope === 'all' && (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('workload.report.teams')}
              </Typography.Title>
              <Table<ReportTeamRow>
                size="small"
                bordered
                rowKey="teamId"
                pagination={false}
                dataSource={report.teams}
                columns={[
                  { title: t('workload.report.team'), key: 'team', width: 130, render: (_, r) => teamName(r) },
                  { title: t('workload.report.headcount'), dataIndex: 'headcount', width: 70, align: 'right' },
                  ...figureCols,
                ]}
              />
            </>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('workload.report.reviews')}
          </Typography.Title>
          <Descriptions size="small" bordered column={4} data-testid="report-reviews">
            {(
              [
                ['deliverables', report.reviews.deliverables],
                ['rounds', report.reviews.rounds],
                ['perDeliverable', report.reviews.roundsPerDeliverable],
                ['sentBack', report.reviews.sentBack],
                ['overridden', report.reviews.overridden],
                ['wait', report.reviews.medianWaitHours ?? '—'],
                ['open', report.reviews.open],
              ] as const
            ).map(([k, v]) => (
              <Descriptions.Item key={k} label={t(`workload.report.reviews.${k}`)}>
                {v}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </>
      )}
    </div>
  );
}
