import { AuditOutlined } from '@ant-design/icons';
import { Badge, Button, Tooltip } from 'antd';
import { useEffect } from 'react';
import { useLive } from '../../api/live';
import { useT } from '../../i18n';
import { navigate } from '../../shell/router';
import { selectQueueCount, useReviews } from './store';

/** In the header: how many reviews wait for me; a click goes to the queue on My tasks. */
export function ReviewQueueBadge() {
  const t = useT();
  const count = useReviews(selectQueueCount);
  const loadQueue = useReviews((s) => s.loadQueue);
  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);
  useLive(() => loadQueue());
  return (
    <Tooltip title={t('reviews.queue')}>
      <Badge count={count} size="small" offset={[-4, 4]}>
        <Button
          type="text"
          icon={<AuditOutlined />}
          aria-label={t('reviews.queueCount', { n: count })}
          data-testid="review-queue-badge"
          data-count={count}
          onClick={() => navigate('/my-tasks')}
        />
      </Badge>
    </Tooltip>
  );
}
