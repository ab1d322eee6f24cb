import { Alert, Form, Modal, type FormInstance } from 'antd';
import type { FormProps } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { AppError } from '../../../shared/errors';
import { wasReported } from '../api/client';
import { useLocalized, useT } from '../i18n';

export interface FormDialogProps<V extends object> {
  open: boolean;
  title: ReactNode;
  /** The caller's instance when it reads fields as they change (Form.useWatch); else the dialog makes its own. */
  form?: FormInstance<V>;
  /** The fields' values each time the dialog opens (the form is rebuilt on every open). */
  initialValues?: Partial<V>;
  /**
   * Runs on OK once the fields validate; the OK button shows it is busy meanwhile. When it resolves the
   * dialog closes (onClose); when it throws the dialog stays open with what was typed, and the error is
   * shown in it unless the shell already showed it (a failed `call`).
   */
  onSubmit(values: V): Promise<unknown> | void;
  /** Cancel, Escape, the close button, and after a successful submit. */
  onClose(): void;
  /** Default: common.save. */
  okText?: string;
  okDanger?: boolean;
  /** false: OK is disabled (e.g. until a required field is filled). */
  canSubmit?: boolean;
  width?: number;
  maskClosable?: boolean;
  /** The form's name (prefix of the fields' ids). */
  name?: string;
  requiredMark?: FormProps['requiredMark'];
  /** Shown above the fields (a hint, the thing the dialog is about). */
  intro?: ReactNode;
  children: ReactNode;
}

/**
 * The one dialog with a form: title, fields, OK (busy while saving) and Cancel in the UI language,
 * the fields rebuilt from initialValues on every open (nothing typed last time is left over),
 * validation before anything is sent, and a failure that keeps the dialog and what was typed.
 */
export function FormDialog<V extends object>({
  open,
  title,
  form: given,
  initialValues,
  onSubmit,
  onClose,
  okText,
  okDanger,
  canSubmit = true,
  width,
  maskClosable,
  name,
  requiredMark,
  intro,
  children,
}: FormDialogProps<V>) {
  const t = useT();
  const localized = useLocalized();
  const [own] = Form.useForm<V>();
  const form = given ?? own;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  useEffect(() => {
    if (open) setError(null);
  }, [open]);

  const submit = async (values: V) => {
    if (busy.current) return;
    busy.current = true;
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (e) {
      if (!wasReported(e)) setError(e instanceof AppError ? localized(e.localized) : t('common.notSaved', { reason: e instanceof Error ? e.message : String(e) }));
    } finally {
      busy.current = false;
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width}
      maskClosable={maskClosable}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ danger: okDanger, disabled: !canSubmit }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {intro}
      {error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={error} data-testid="form-dialog-error" />}
      <Form<V> form={form} layout="vertical" name={name} requiredMark={requiredMark} clearOnDestroy initialValues={initialValues} onFinish={(v) => void submit(v)}>
        {children}
      </Form>
    </Modal>
  );
}
