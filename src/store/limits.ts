/** Limits shared by both engines. */
/** The entity graph is drawn from at most this many articles: the latest stored in the date range. */
export const GRAPH_WINDOW = 2000;
