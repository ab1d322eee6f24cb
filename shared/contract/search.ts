import { z } from 'zod';
import type { ProjectStatus } from '../domain';
import { query } from './define';

/** Where a hit's terms were found: its title (project name, task title) or its text. */
export type SearchField = 'title' | 'body';

export interface SearchProjectHit {
  id: string;
  name: string;
  status: ProjectStatus;
  startDate: string;
  endDate: string;
  convenerId: string;
  matchedIn: SearchField;
  /** Up to ~60 characters of the text around the first match ('' when only the name matched). */
  excerpt: string;
}

export interface SearchTaskHit {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  columnName: string;
  dueAt: number | null;
  completedAt: number | null;
  matchedIn: SearchField;
  excerpt: string;
}

export interface SearchPersonHit {
  id: string;
  name: string;
  pinyin: string;
  teamId: string;
  title: string;
}

export interface SearchMeetingHit {
  id: string;
  kind: 'monthly' | 'weekly' | 'daily';
  date: string;
  title: string;
}

export interface SearchDeliverableHit {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  platform: string;
  status: string;
  dueAt: number | null;
}

export interface SearchResult {
  /** The words searched for, as the backend understood them (lower-case, punctuation dropped). */
  terms: string[];
  projects: SearchProjectHit[];
  tasks: SearchTaskHit[];
  /** People by name, pinyin or initials (as every person box finds them), active only. */
  people: SearchPersonHit[];
  /** Meetings whose title holds every word. */
  meetings: SearchMeetingHit[];
  /** Deliverables whose title holds every word. */
  deliverables: SearchDeliverableHit[];
}

export const SEARCH_KINDS = ['projects', 'tasks', 'people', 'meetings', 'deliverables'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const searchCalls = {
  /**
   * Projects and tasks whose title or text contains every word of `q` (any
   * length, from one character: 直, 直播, 春节大直播, H5, 5G直播), best first;
   * people by name or pinyin, meetings and deliverables by title.
   */
  'search.query': query<SearchResult>()(
    z.object({
      q: z.string().max(200),
      /** Per kind: at most this many projects and this many tasks. */
      limit: z.number().int().min(1).max(100).default(20),
      /** What to look through; by default projects and tasks (the others scan their titles: the global search asks for them). */
      kinds: z.array(z.enum(SEARCH_KINDS)).min(1).max(SEARCH_KINDS.length).default(['projects', 'tasks']),
    }),
  ),
};
