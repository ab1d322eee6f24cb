import { App } from 'antd';
import { useEffect } from 'react';
import { onCallError } from '../api/client';
import { useLocalized, useT } from '../i18n';

/** Every failed backend call surfaces here, as one clear message. */
export function ErrorReporter() {
  const { notification } = App.useApp();
  const t = useT();
  const localized = useLocalized();
  useEffect(
    () =>
      onCallError((e) => {
        notification.error({ title: t('shell.error'), description: localized(e.localized), placement: 'topRight', duration: 6 });
      }),
    [notification, t, localized],
  );
  return null;
}
