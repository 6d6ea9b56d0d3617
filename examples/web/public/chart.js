// The repository over time: an inline SVG of the bytes each snapshot added (bars) and their
// running total (line), from the snapshots' summaries.
import { bytes, time } from './format.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { top: 14, right: 16, bottom: 34, left: 70 };

function element(name, attributes = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws `snapshots` (oldest first) into `svg`; those without a summary are left out. */
export function drawGrowth(svg, snapshots) {
  svg.replaceChildren();
  const known = snapshots.filter((s) => s.summary);
  let total = 0;
  const points = known.map((s) => {
    const added = s.summary.data_added_packed ?? s.summary.data_added;
    total += added;
    return { snapshot: s, added, total };
  });
  const description = points.length
    ? `${points.length} snapshots with a summary; the repository grew to ${bytes(total)} stored, the last snapshot added ${bytes(points.at(-1).added)}.`
    : 'No snapshot has a summary (restic 0.17 and later store one), so there is nothing to draw.';
  svg.append(element('title', { id: 'growth-title' }, 'Repository growth'), element('desc', { id: 'growth-desc' }, description));
  // Without points, one line of text instead of an empty plot.
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${points.length ? HEIGHT : 30}`);
  if (points.length === 0) {
    svg.append(element('text', { x: 0, y: 20 }, description));
    return;
  }

  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotWidth / points.length;
  const y = (value) => MARGIN.top + plotHeight - (value / total) * plotHeight;
  const x = (index) => MARGIN.left + slot * index + slot / 2;

  svg.append(
    element('line', { class: 'axis', x1: MARGIN.left, y1: y(0), x2: WIDTH - MARGIN.right, y2: y(0) }),
    element('line', { class: 'axis', x1: MARGIN.left, y1: y(total), x2: WIDTH - MARGIN.right, y2: y(total) }),
    element('text', { x: MARGIN.left - 6, y: y(0) + 4, 'text-anchor': 'end' }, '0'),
    element('text', { x: MARGIN.left - 6, y: y(total) + 4, 'text-anchor': 'end' }, bytes(total)),
  );
  const labelEvery = Math.ceil(points.length / 8);
  points.forEach((point, index) => {
    const barWidth = Math.max(2, Math.min(40, slot * 0.6));
    const bar = element('rect', { class: 'bar', x: x(index) - barWidth / 2, y: y(point.added), width: barWidth, height: Math.max(1, y(0) - y(point.added)) });
    bar.append(element('title', {}, `${point.snapshot.short_id} (${time(point.snapshot.time)}, ${point.snapshot.hostname}): +${bytes(point.added)}, ${bytes(point.total)} in all`));
    svg.append(bar);
    if (index % labelEvery === 0) svg.append(element('text', { x: x(index), y: HEIGHT - 12, 'text-anchor': 'middle' }, time(point.snapshot.time).slice(5, 10)));
  });
  svg.append(element('polyline', { class: 'total', points: points.map((p, i) => `${x(i)},${y(p.total)}`).join(' ') }));
  for (const [index, point] of points.entries()) svg.append(element('circle', { class: 'dot', cx: x(index), cy: y(point.total), r: 3 }));
}
