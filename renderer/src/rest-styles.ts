// The second antd stylesheet: the styles of every component the first paint does not use
// (build/antd-styles.ts). A chunk that uses one of them imports this module; Vite then loads the
// stylesheet before the chunk runs. The build fails when a chunk needs it and does not import it.
import 'virtual:antd-styles-rest.css';
