import { Button, Space } from 'antd';
import { createPortal } from 'react-dom';
import type { DeliverableReview, ReviewRound } from '../../../../shared/contract';
import { DELIVERABLE_STATUSES, PLATFORMS } from '../../../../shared/domain';
import { REVIEW_ROUND_STATUSES } from '../../../../shared/reviews';
import { localDateTime } from '../../../../shared/time';
import { useLabel, useT } from '../../i18n';

/**
 * 审签单: the record of one deliverable's review, laid out for paper. On screen
 * it covers the app; printed, it is the only thing on the page (the print rules
 * hide everything else), black on white, every signature with its time.
 */
const PRINT_CSS = `
.signoff-sheet { position: fixed; inset: 0; z-index: 2100; background: #fff; overflow: auto; padding: 32px 48px; color: #000; }
.signoff-sheet h1 { font-size: 22px; text-align: center; margin: 0 0 16px; letter-spacing: 2px; }
.signoff-sheet h2 { font-size: 15px; margin: 20px 0 8px; }
.signoff-sheet table { width: 100%; border-collapse: collapse; font-size: 13px; }
.signoff-sheet th, .signoff-sheet td { border: 1px solid #000; padding: 6px 8px; text-align: left; vertical-align: top; }
.signoff-sheet th { background: #f5f5f5; width: 16%; white-space: nowrap; }
.signoff-sheet .mono { font-family: ui-monospace, monospace; font-size: 11px; word-break: break-all; }
.signoff-sheet .foot { margin-top: 16px; font-size: 11px; color: #555; }
@media print {
  body > *:not(.signoff-root) { display: none !important; }
  .signoff-sheet { position: static; padding: 0; overflow: visible; }
  .signoff-sheet .no-print { display: none !important; }
}
`;

function RoundTable({ round }: { round: ReviewRound }) {
  const t = useT();
  const label = useLabel();
  const rows = round.steps.flatMap((s, i) =>
    s.decisions.length
      ? s.decisions.map((d) => ({ key: d.id, signed: true, step: s.name, who: d.reviewer.name, what: d.comment ? t('reviews.withComment', { what: t(`reviews.decision.${d.decision}`), comment: d.comment }) : t(`reviews.decision.${d.decision}`), at: localDateTime(d.at) }))
      : [
          {
            key: `${i}`,
            signed: false,
            step: s.name,
            who: s.reviewers.map((p) => p.name).join(t('reviews.listSep')),
            // A step the round never reached (sent back or withdrawn before it) is not "waiting".
            what: round.status === 'in_review' ? t('reviews.outcome.waiting') : t('reviews.notReached'),
            at: '',
          },
        ],
  );
  return (
    <table>
      <tbody>
        <tr>
          <th>{t('reviews.sheetVersion')}</th>
          <td>
            {t('reviews.round', { n: round.roundNo })} · {label(REVIEW_ROUND_STATUSES, round.status)}
          </td>
          <th>{t('reviews.sheetSubmitted')}</th>
          <td>
            {round.submittedBy.name} · {localDateTime(round.submittedAt)}
          </td>
        </tr>
        <tr>
          <th>{t('reviews.content')}</th>
          <td colSpan={3}>{round.content}</td>
        </tr>
        <tr>
          <th>{t('reviews.fingerprint')}</th>
          <td colSpan={3} className="mono">
            SHA-256 {round.fingerprint}
          </td>
        </tr>
        <tr>
          <th>{t('reviews.sheetStep')}</th>
          <th>{t('reviews.sheetReviewer')}</th>
          <th>{t('reviews.sheetDecision')}</th>
          <th>{t('reviews.sheetAt')}</th>
        </tr>
        {rows.map((r) => (
          <tr key={r.key} data-testid={r.signed ? 'sheet-signature' : 'sheet-unsigned'}>
            <td>{r.step}</td>
            <td>{r.who}</td>
            <td>{r.what}</td>
            <td>{r.at}</td>
          </tr>
        ))}
        {round.override && (
          <tr data-testid="sheet-signature">
            <td>{t('reviews.decision.override')}</td>
            <td>{round.override.reviewer.name}</td>
            <td>{round.override.comment}</td>
            <td>{localDateTime(round.override.at)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function SignOffSheet({ review, onClose }: { review: DeliverableReview; onClose: () => void }) {
  const t = useT();
  const label = useLabel();
  const d = review.deliverable;
  const [latest, ...older] = review.rounds;
  return createPortal(
    <div className="signoff-root">
      <style>{PRINT_CSS}</style>
      <div className="signoff-sheet" role="dialog" aria-label={t('reviews.sheet')} data-testid="signoff-sheet">
        <Space className="no-print" style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => window.print()}>
            {t('reviews.sheetPrintNow')}
          </Button>
          <Button onClick={onClose}>{t('reviews.sheetClose')}</Button>
        </Space>
        <h1>{t('reviews.sheetTitle', { center: t('reviews.sheetCenter') })}</h1>
        <table>
          <tbody>
            <tr>
              <th>{t('reviews.sheetDeliverable')}</th>
              <td>{d.title}</td>
              <th>{t('reviews.sheetProject')}</th>
              <td>{d.projectName}</td>
            </tr>
            <tr>
              <th>{t('reviews.sheetPlatform')}</th>
              <td>{label(PLATFORMS, d.platform)}</td>
              <th>{t('reviews.sheetOwner')}</th>
              <td>{d.ownerName ?? '—'}</td>
            </tr>
            <tr>
              <th>{t('boards.status')}</th>
              <td>{label(DELIVERABLE_STATUSES, d.status)}</td>
              <th>{t('reviews.sheetPublished')}</th>
              <td>{d.publishedAt ? `${localDateTime(d.publishedAt)} ${d.publishedUrl ?? ''}` : '—'}</td>
            </tr>
          </tbody>
        </table>
        {latest && (
          <>
            <h2>{t('reviews.round', { n: latest.roundNo })}</h2>
            <RoundTable round={latest} />
          </>
        )}
        {older.map((r) => (
          <div key={r.id}>
            <h2>{t('reviews.round', { n: r.roundNo })}</h2>
            <RoundTable round={r} />
          </div>
        ))}
        <div className="foot">{t('reviews.sheetPrinted', { at: localDateTime(Date.now()) })}</div>
      </div>
    </div>,
    document.body,
  );
}
