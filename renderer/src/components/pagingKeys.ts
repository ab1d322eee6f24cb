import type { KeyboardEvent } from 'react';

/**
 * The keys of a grid that pages through time (the resource calendar, the season timeline):
 * ← / PageUp back one step, → / PageDown on one, Home back to the start. Only when the grid
 * itself has the focus (not a bar or a button inside it, which have keys of their own).
 */
export function pagingKeys(step: (dir: -1 | 1) => void, home: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'ArrowLeft' || e.key === 'PageUp') step(-1);
    else if (e.key === 'ArrowRight' || e.key === 'PageDown') step(1);
    else if (e.key === 'Home') home();
    else return;
    e.preventDefault();
  };
}
