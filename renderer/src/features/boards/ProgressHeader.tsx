import { Card, Progress, Space, Statistic, Tag, Tooltip } from 'antd';
import type { Board } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { SecondaryText } from '../../components/Plain';

const pct = (x: number): number => Math.round(x * 100);

/** Deliverables published against plan, time elapsed, and the behind-plan (双过半) flag. */
export function ProgressHeader({ board }: { board: Board }) {
  const t = useT();
  const p = board.progress;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="project-progress">
      <Space size={32} wrap align="center">
        <Statistic title={t('boards.published')} value={p.published} suffix={`/ ${p.planned}`} />
        <div style={{ width: 220 }}>
          <SecondaryText>{t('boards.workDone')}</SecondaryText>
          <Progress percent={p.workShare === null ? 0 : pct(p.workShare)} status={p.behindPlan ? 'exception' : 'normal'} />
        </div>
        <div style={{ width: 300 }}>
          <SecondaryText>{t('boards.timeElapsed', { from: board.project.startDate, to: board.project.endDate })}</SecondaryText>
          <Progress percent={pct(p.timeShare)} strokeColor="#8c8c8c" />
        </div>
        {p.workShare === null ? (
          <Tag>{t('boards.noPlan')}</Tag>
        ) : (
          <Tooltip title={t('boards.behindRule')}>
            <Tag color={p.behindPlan ? 'red' : 'green'} data-testid="plan-flag" style={{ fontSize: 14, padding: '4px 10px' }}>
              {t(p.behindPlan ? 'boards.behind' : 'boards.onPlan')}
            </Tag>
          </Tooltip>
        )}
      </Space>
    </Card>
  );
}
