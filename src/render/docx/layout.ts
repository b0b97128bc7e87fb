/** A4 in twentieths of a point, with 2 cm side margins. */
export const PAGE = { width: 11906, height: 16838, marginSide: 1134, marginTop: 1418, marginBottom: 1134 };
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.marginSide;
