import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Modal, Segmented, Select, Space, Spin, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useMemo, useState } from 'react';
import type { RosterCheck, RosterRowCheck, RosterRowError } from '../../../../shared/contract';
import { mappingProblems, ROSTER_FIELDS, ROSTER_REQUIRED, type RosterField, type RosterMapping } from '../../../../shared/roster';
import { downloadFile } from '../../api/files';
import { useT, type MessageKey } from '../../i18n';
import { usePeople } from './store';

type Step = 'file' | 'map' | 'preview';
type Filter = 'all' | 'errors' | 'changes';

/**
 * 导入花名册: choose a file, map its columns (the header's guess first), see what
 * each row would do, import all or nothing. The file is read and every row
 * checked in main (people.readRosterFile, people.checkImport); this screen only
 * shows the answers.
 */
export function RosterImport({ open, onClose }: { open: boolean; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const { readRoster, checkRoster, importRoster, exportRoster } = usePeople.getState();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<{ name: string; rows: string[][] } | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [mapping, setMapping] = useState<RosterMapping | null>(null);
  const [check, setCheck] = useState<RosterCheck | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setStep('file');
    setFile(null);
    setMapping(null);
    setCheck(null);
    setFilter('all');
  };
  const close = () => {
    reset();
    onClose();
  };

  const pick = async (f: File) => {
    setReading(f.name);
    try {
      const rows = await readRoster(f);
      // The header's own suggestion comes back with a first check.
      const first = await checkRoster({ fileName: f.name, rows });
      setFile({ name: f.name, rows });
      setMapping(first.mapping);
      setStep('map');
    } finally {
      setReading(null);
    }
  };

  const preview = async () => {
    if (!file || !mapping) return;
    setBusy(true);
    try {
      const c = await checkRoster({ fileName: file.name, rows: file.rows, mapping });
      setCheck(c);
      setFilter(c.counts.invalid ? 'errors' : 'all');
      setStep('preview');
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!file || !mapping) return;
    setBusy(true);
    try {
      const r = await importRoster({ fileName: file.name, rows: file.rows, mapping });
      close();
      message.success(t('people.roster.done', r));
    } finally {
      setBusy(false);
    }
  };

  const template = async () => downloadFile(await exportRoster('xlsx'));

  const fieldLabel = (f: RosterField | 'active') => t(`people.roster.field.${f}` as MessageKey);
  const header = file?.rows[0] ?? [];
  const columnOptions = useMemo(
    () => [
      { value: -1, label: t('people.roster.noColumn') },
      ...header.map((h, i) => ({ value: i, label: t('people.roster.column', { n: i + 1, name: h || '—' }) })),
    ],
    [header, t],
  );
  // The same check main makes (shared/roster.ts): a required field without a column, a column read twice.
  const problems = mapping && file ? mappingProblems(mapping, Math.max(...file.rows.map((r) => r.length))) : null;
  const missing = problems?.missing ?? [];
  const shared = problems?.shared ?? [];

  const rows = check?.rows ?? [];
  const shown = filter === 'errors' ? rows.filter((r) => r.errors.length) : filter === 'changes' ? rows.filter((r) => !r.errors.length && r.action !== 'unchanged') : rows;
  const errorText = (e: RosterRowError) =>
    t(`people.roster.err.${e.kind}` as MessageKey, { value: e.value, other: e.otherLine ?? '', field: fieldLabel(e.field) });

  const footer =
    step === 'file'
      ? [
          <Button key="cancel" onClick={close}>
            {t('common.cancel')}
          </Button>,
        ]
      : step === 'map'
        ? [
            <Button key="again" onClick={reset}>
              {t('people.roster.again')}
            </Button>,
            <Button key="next" type="primary" loading={busy} disabled={missing.length > 0 || shared.length > 0} onClick={() => void preview()}>
              {t('people.roster.next')}
            </Button>,
          ]
        : [
            <Button key="back" onClick={() => setStep('map')}>
              {t('people.roster.back')}
            </Button>,
            <Button key="again" onClick={reset}>
              {t('people.roster.again')}
            </Button>,
            <Button key="ok" type="primary" disabled={!check?.ok} loading={busy} onClick={() => void confirm()}>
              {t('people.roster.confirm')}
            </Button>,
          ];

  return (
    <Modal
      open={open}
      title={file ? `${t('people.roster.title')} · ${file.name}` : t('people.roster.title')}
      width={980}
      onCancel={close}
      destroyOnHidden
      maskClosable={false}
      footer={footer}
    >
      <Steps
        size="small"
        style={{ marginBottom: 16 }}
        current={step === 'file' ? 0 : step === 'map' ? 1 : 2}
        items={[{ title: t('people.roster.stepFile') }, { title: t('people.roster.stepMap') }, { title: t('people.roster.stepPreview') }]}
      />
      {step === 'file' && (
        <Spin spinning={reading !== null} tip={reading ? t('people.roster.reading', { file: reading }) : undefined}>
          <Upload.Dragger
            accept=".xlsx,.csv"
            showUploadList={false}
            data-testid="roster-file"
            beforeUpload={(f) => {
              void pick(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('people.roster.drop')}</p>
            <p className="ant-upload-hint" style={{ padding: '0 24px' }}>
              {t('people.roster.dropHint')}
            </p>
          </Upload.Dragger>
          <Button type="link" icon={<DownloadOutlined />} style={{ paddingInline: 0, marginTop: 8 }} onClick={() => void template()}>
            {t('people.roster.template')}
          </Button>
        </Spin>
      )}
      {step === 'map' && mapping && file && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('people.roster.mapHint')} />
          <Form layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 12 }} data-testid="roster-mapping">
            {ROSTER_FIELDS.map((f) => (
              <Form.Item key={f} label={fieldLabel(f)} required={ROSTER_REQUIRED.includes(f)} style={{ marginBottom: 8 }}>
                <Select
                  aria-label={fieldLabel(f)}
                  value={mapping[f] ?? -1}
                  options={columnOptions}
                  onChange={(v: number) => setMapping({ ...mapping, [f]: v < 0 ? null : v })}
                />
              </Form.Item>
            ))}
          </Form>
          {missing.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('people.roster.missing', { fields: missing.map(fieldLabel).join('、') })} />}
          {shared.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('people.roster.shared', { fields: shared.map(fieldLabel).join('、') })} />}
          <Typography.Text type="secondary">{t('people.roster.sample')}</Typography.Text>
          <Table<string[]>
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowKey={(_, i) => String(i)}
            dataSource={file.rows.slice(1, 4)}
            columns={header.map((h, i) => ({ title: h || `#${i + 1}`, key: String(i), render: (_: unknown, r: string[]) => r[i] ?? '' }))}
          />
        </>
      )}
      {step === 'preview' && check && (
        <>
          <Alert
            type={check.ok ? 'success' : 'error'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="roster-summary"
            title={
              check.ok
                ? t('people.roster.ok', check.counts)
                : check.noAdminLeft
                  ? t('people.roster.noAdmin')
                  : check.counts.invalid
                    ? t('people.roster.failed', { n: check.counts.invalid })
                    : t('people.roster.nothing')
            }
          />
          <Segmented<Filter>
            style={{ marginBottom: 8 }}
            value={filter}
            onChange={setFilter}
            options={[
              { value: 'all', label: t('people.roster.filterAll', { n: rows.length }) },
              { value: 'errors', label: t('people.roster.filterErrors', { n: check.counts.invalid }) },
              { value: 'changes', label: t('people.roster.filterChanges', { n: check.counts.create + check.counts.update }) },
            ]}
          />
          <Table<RosterRowCheck>
            size="small"
            rowKey="line"
            data-testid="roster-preview"
            dataSource={shown}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            columns={[
              { title: t('people.roster.line'), dataIndex: 'line', width: 60 },
              {
                title: t('people.roster.result'),
                key: 'action',
                width: 90,
                render: (_, r) =>
                  r.errors.length ? (
                    <Tag color="error">{t('people.roster.error')}</Tag>
                  ) : r.action === 'create' ? (
                    <Tag color="success">{t('people.roster.create')}</Tag>
                  ) : r.action === 'update' ? (
                    <Tag color="processing">{t('people.roster.update')}</Tag>
                  ) : (
                    <Tag>{t('people.roster.unchanged')}</Tag>
                  ),
              },
              { title: fieldLabel('login'), dataIndex: 'login', width: 130 },
              { title: fieldLabel('name'), dataIndex: 'name', width: 110 },
              { title: fieldLabel('team'), dataIndex: 'teamName', width: 140 },
              {
                title: t('people.roster.detail'),
                key: 'detail',
                render: (_, r) =>
                  r.errors.length ? (
                    <Space direction="vertical" size={0}>
                      {r.errors.map((e, i) => (
                        <Typography.Text key={i} type="danger">
                          {errorText(e)}
                        </Typography.Text>
                      ))}
                    </Space>
                  ) : r.changes.length ? (
                    t('people.roster.changes', { fields: r.changes.map(fieldLabel).join('、') })
                  ) : null,
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
