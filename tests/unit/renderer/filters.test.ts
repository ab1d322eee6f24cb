import { describe, expect, it } from 'vitest';
import { boardLabels, boardTeams, memberMatches } from '../../../renderer/src/features/boards/filters';

describe('the filter bar’s options', () => {
  it('teams once each, in the order the members list them', () => {
    expect(
      boardTeams([
        { teamId: 'video', teamName: '短视频团队' },
        { teamId: 'live', teamName: '直播团队' },
        { teamId: 'video', teamName: '短视频团队' },
      ]),
    ).toEqual([
      ['video', '短视频团队'],
      ['live', '直播团队'],
    ]);
  });

  it('labels once each, sorted', () => {
    expect(boardLabels([{ labels: ['直播', 'H5'] }, { labels: [] }, { labels: ['H5', '5G'] }])).toEqual(['5G', 'H5', '直播']);
  });

  it('an assignee by characters, full pinyin anywhere, or initials from the start', () => {
    const m = { name: '王小川', pinyin: 'wangxiaochuan', pinyinInitials: 'wxc' };
    expect(memberMatches(m, '小川')).toBe(true);
    expect(memberMatches(m, 'xiaochuan')).toBe(true);
    expect(memberMatches(m, 'WXC')).toBe(true);
    expect(memberMatches(m, 'xc')).toBe(false);
    expect(memberMatches(m, '李')).toBe(false);
  });
});
