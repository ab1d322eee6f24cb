import { AuditOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import type { ReviewSummary } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { openReview } from './store';

// Apart from the review drawer (issue 18): the deliverable list and My tasks show the tag
// without loading the drawer's Steps, Form, Collapse and Descriptions.

export const ROUND_COLOR = { in_review: 'processing', approved: 'success', sent_back: 'error', withdrawn: 'default', overridden: 'warning' } as const;

/** The review state of a deliverable in one tag (the deliverable list, My tasks); a click opens the record. */
export function ReviewTag({ deliverableId, review }: { deliverableId: string; review: ReviewSummary | null }) {
  const t = useT();
  const text = !review
    ? t('reviews.none')
    : review.superseded
      ? t('reviews.summary.superseded', { n: review.roundNo })
      : t(`reviews.summary.${review.status}`, { step: review.stepName, n: review.roundNo });
  const color = !review || review.superseded ? 'default' : ROUND_COLOR[review.status];
  return (
    <Tag
      color={color}
      icon={<AuditOutlined />}
      style={{ cursor: 'pointer' }}
      role="button"
      tabIndex={0}
      data-testid="review-tag"
      onClick={() => openReview(deliverableId)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') openReview(deliverableId);
      }}
    >
      {text}
    </Tag>
  );
}
