import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Table, Upload } from 'antd';
import { useState } from 'react';
import type { ImportCheck, ImportRowError } from '../../../../shared/contract';
import { useT, type MessageKey } from '../../i18n';
import { useMeetings } from '../meetings/store';

/**
 * Import of a platform export: the file is read and checked in main; the
 * report lists every bad row and nothing is written until all rows are good.
 */
export function FigureImport({ date }: { date: string }) {
  const t = useT();
  const { message } = App.useApp();
  const { readFile, checkImport, importFigures } = useMeetings.getState();
  const [file, setFile] = useState<{ name: string; rows: string[][] } | null>(null);
  const [check, setCheck] = useState<ImportCheck | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async (f: File) => {
    setBusy(true);
    try {
      const rows = await readFile(f);
      setFile({ name: f.name, rows });
      setCheck(await checkImport({ fileName: f.name, date, rows }));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const n = await importFigures({ fileName: file.name, date, rows: file.rows });
      message.success(t('meetings.import.done', { n }));
      setFile(null);
      setCheck(null);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setFile(null);
    setCheck(null);
  };
  const replaces = check?.rows.filter((r) => r.replaces).length ?? 0;

  return (
    <>
      <Upload
        accept=".csv,.xlsx"
        showUploadList={false}
        beforeUpload={(f) => {
          void pick(f);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={busy && !file}>
          {t('meetings.import.button')}
        </Button>
      </Upload>
      <Modal
        open={!!check}
        title={`${t('meetings.import.title')} · ${file?.name ?? ''}`}
        width={760}
        onCancel={close}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={close}>
            {t('common.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!check?.ok} loading={busy} onClick={() => void confirm()}>
            {t('meetings.import.confirm')}
          </Button>,
        ]}
      >
        <Alert style={{ marginBottom: 12 }} type="info" title={t('meetings.import.hint')} />
        {check?.ok ? (
          <>
            <Alert
              type="success"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('meetings.import.ok', { n: check.rows.length }) + (replaces ? t('meetings.import.replaces', { n: replaces }) : '')}
            />
            <Table
              size="small"
              rowKey="line"
              pagination={false}
              dataSource={check.rows}
              columns={[
                { title: t('meetings.import.line'), dataIndex: 'line', width: 60 },
                { title: t('meetings.daily.item'), dataIndex: 'title' },
                { title: t('meetings.date'), dataIndex: 'date', width: 110 },
                { title: t('meetings.daily.views'), key: 'v', align: 'right', render: (_, r) => r.figures.views.toLocaleString('zh-CN') },
              ]}
            />
          </>
        ) : (
          check && (
            <>
              <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('meetings.import.failed', { n: check.errors.length })} />
              <Table<ImportRowError>
                size="small"
                rowKey={(e) => `${e.line}-${e.column}-${e.kind}`}
                pagination={false}
                data-testid="import-errors"
                dataSource={check.errors}
                columns={[
                  { title: t('meetings.import.line'), dataIndex: 'line', width: 60 },
                  { title: t('meetings.import.column'), dataIndex: 'column', width: 110 },
                  { title: t('meetings.import.value'), dataIndex: 'value', width: 160 },
                  { title: t('meetings.import.problem'), dataIndex: 'kind', render: (k: ImportRowError['kind']) => t(`meetings.import.err.${k}` as MessageKey) },
                ]}
              />
            </>
          )
        )}
      </Modal>
    </>
  );
}
