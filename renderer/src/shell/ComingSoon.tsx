import { Empty, Typography } from 'antd';
import { useT, type MessageKey } from '../i18n';

export function ComingSoon({ title }: { title: MessageKey }) {
  const t = useT();
  return (
    <div>
      <Typography.Title level={3}>{t(title)}</Typography.Title>
      <Empty description={t('common.comingSoon')} />
    </div>
  );
}
