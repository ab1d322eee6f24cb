import { create } from 'zustand';
import type { CallInput, DeliverableReview, ReviewQueueItem } from '../../../../shared/contract';
import { call, callQuiet } from '../../api/client';
import { navigate, useRouter } from '../../shell/router';

type ReviewCommand = 'reviews.submit' | 'reviews.decide' | 'reviews.withdraw' | 'deliverables.update';

/**
 * The review drawer (one, mounted by the shell) and the queue count in the
 * header. The open deliverable lives in the URL (`?review=<id>`), so a link or a
 * reload opens the same record.
 */
interface ReviewState {
  review: DeliverableReview | null;
  loadedId: string | null;
  queue: ReviewQueueItem[] | null;
  load(id: string): Promise<void>;
  loadQueue(): Promise<void>;
  run<K extends ReviewCommand>(name: K, input: CallInput<K>): Promise<void>;
}

export const useReviews = create<ReviewState>((set, get) => ({
  review: null,
  loadedId: null,
  queue: null,
  load: async (id) => {
    const review = await callQuiet('reviews.get', { deliverableId: id }).catch(() => null);
    // A drawer closed (or moved on) while this was loading keeps what it shows now.
    if (selectOpenReview(useRouter.getState()) !== id) return;
    set({ review, loadedId: id });
  },
  loadQueue: async () => {
    const queue = await callQuiet('reviews.queue', {}).catch(() => null);
    if (queue) set({ queue });
  },
  run: async (name, input) => {
    try {
      await (call as (n: ReviewCommand, i: unknown) => Promise<unknown>)(name, input);
    } finally {
      const id = get().loadedId;
      await Promise.all([id ? get().load(id) : Promise.resolve(), get().loadQueue()]);
    }
  },
}));

export const selectOpenReview = (s: { query: URLSearchParams }): string | null => s.query.get('review');
export const selectQueueCount = (s: ReviewState): number => s.queue?.length ?? 0;

function withQuery(change: (q: URLSearchParams) => void): void {
  const { segments, query } = useRouter.getState();
  const q = new URLSearchParams(query);
  change(q);
  const qs = q.toString();
  navigate(`/${segments.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`);
}

export const openReview = (deliverableId: string): void => withQuery((q) => q.set('review', deliverableId));
export const closeReview = (): void =>
  withQuery((q) => {
    q.delete('review');
    q.delete('sheet');
  });
export const openSheet = (open: boolean): void => withQuery((q) => (open ? q.set('sheet', '1') : q.delete('sheet')));
