import { useEffect, useRef } from 'react';
import { navigate, useRouter } from '../../shell/router';
import { useBoard } from './store';

/**
 * The open card and the URL follow each other: `?task=` opens the card (a link, a reload), opening a
 * card however it was opened puts it in the URL, and closing the drawer drops it (a reload does not reopen it).
 */
export function useTaskInUrl(projectId: string): void {
  const openTaskParam = useRouter((s) => s.query.get('task'));
  const openTaskId = useBoard((s) => s.openTaskId);
  const openTask = useBoard((s) => s.openTask);
  useEffect(() => {
    if (openTaskParam && openTaskParam !== useBoard.getState().openTaskId) openTask(openTaskParam);
  }, [openTaskParam, openTask]);
  useEffect(() => {
    if (openTaskId && openTaskId !== openTaskParam) navigate(`/projects/${projectId}/board?task=${encodeURIComponent(openTaskId)}`);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the open card only
  }, [openTaskId]);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !openTaskId && openTaskParam) navigate(`/projects/${projectId}/board`);
    wasOpen.current = openTaskId !== null;
  }, [openTaskId, openTaskParam, projectId]);
}
