import { create } from 'zustand';

/**
 * Hash routes (`#/projects/<id>/board`), so a reload or a desktop restart opens
 * the same screen. Screens read the segments through selectors.
 */
interface RouterState {
  segments: string[];
  query: URLSearchParams;
  navigate(path: string): void;
}

function parse(hash: string): { segments: string[]; query: URLSearchParams } {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', qs = ''] = raw.split('?');
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(qs) };
}

export const useRouter = create<RouterState>((set) => ({
  ...parse(window.location.hash),
  navigate: (path) => {
    const target = path.startsWith('#') ? path : `#${path.startsWith('/') ? path : `/${path}`}`;
    if (window.location.hash !== target) window.location.hash = target;
    else set(parse(target));
  },
}));

window.addEventListener('hashchange', () => useRouter.setState(parse(window.location.hash)));

export const navigate = (path: string): void => useRouter.getState().navigate(path);
