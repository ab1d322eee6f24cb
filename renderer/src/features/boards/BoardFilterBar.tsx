import { Input, Select, Space } from 'antd';
import { useMemo } from 'react';
import type { Board } from '../../../../shared/contract';
import { useT } from '../../i18n';
import { boardLabels, boardTeams, memberMatches } from './filters';
import { useBoard, type DueFilter, type Swimlanes } from './store';
import { SecondaryText } from '../../components/Plain';

const DUE: readonly DueFilter[] = ['any', 'overdue', 'today', 'week', 'none'];
const LANES: readonly Swimlanes[] = ['none', 'team', 'assignee'];

/** Search, the assignee / team / label / due filters, the swimlanes, and how many cards they leave. */
export function BoardFilterBar({ board, shown }: { board: Board; shown: number }) {
  const t = useT();
  const filters = useBoard((s) => s.filters);
  const swimlanes = useBoard((s) => s.swimlanes);
  const { setFilters, setSwimlanes } = useBoard.getState();
  const members = board.members;
  const teams = useMemo(() => boardTeams(members), [members]);
  const labels = useMemo(() => boardLabels(board.tasks), [board.tasks]);
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        placeholder={t('boards.search')}
        aria-label={t('boards.search')}
        style={{ width: 220 }}
        value={filters.search}
        onChange={(e) => setFilters({ search: e.target.value })}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('boards.filterAssignee')}
        placeholder={t('boards.filterAssignee')}
        style={{ minWidth: 160 }}
        maxTagCount={2}
        value={filters.assigneeIds}
        onChange={(v: string[]) => setFilters({ assigneeIds: v })}
        showSearch={{
          filterOption: (input, opt) => {
            const m = members.find((x) => x.id === opt?.value);
            return !!m && memberMatches(m, input);
          },
        }}
        options={members.map((m) => ({ value: m.id, label: m.name }))}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('boards.filterTeam')}
        placeholder={t('boards.filterTeam')}
        style={{ minWidth: 140 }}
        maxTagCount={1}
        value={filters.teamIds}
        onChange={(v: string[]) => setFilters({ teamIds: v })}
        options={teams.map(([id, name]) => ({ value: id, label: name }))}
      />
      <Select
        mode="multiple"
        allowClear
        aria-label={t('boards.filterLabel')}
        placeholder={t('boards.filterLabel')}
        style={{ minWidth: 120 }}
        value={filters.labels}
        onChange={(v: string[]) => setFilters({ labels: v })}
        options={labels.map((l) => ({ value: l, label: l }))}
      />
      <Select<DueFilter>
        aria-label={t('boards.filterDue')}
        style={{ width: 130 }}
        value={filters.due}
        onChange={(due) => setFilters({ due })}
        options={DUE.map((d) => ({ value: d, label: t(`boards.due.${d}`) }))}
      />
      <Select<Swimlanes>
        aria-label={t('boards.swimlanes')}
        style={{ width: 150 }}
        value={swimlanes}
        onChange={setSwimlanes}
        options={LANES.map((d) => ({ value: d, label: t(`boards.lanes.${d}`) }))}
      />
      <SecondaryText>{t('boards.showing', { n: shown, total: board.tasks.length })}</SecondaryText>
    </Space>
  );
}
