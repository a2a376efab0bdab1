// A horizontal bar chart as inline SVG: one bar per item, scaled to the largest.
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A labelled bar chart of `items` ({ label, value }), values shown with `format`. */
export function barChart(title, items, format = String) {
  const rowHeight = 24;
  const labelWidth = 180;
  const barWidth = 260;
  const height = items.length * rowHeight + 8;
  const max = Math.max(1, ...items.map((item) => item.value));
  const chart = svg('svg', {
    viewBox: `0 0 ${labelWidth + barWidth + 90} ${height}`,
    role: 'img',
    'aria-label': `${title}: ${items.map((item) => `${item.label} ${format(item.value)}`).join(', ')}`,
    class: 'chart',
  });
  chart.append(svg('title', {}, title));
  items.forEach((item, index) => {
    const y = index * rowHeight + 4;
    const width = Math.max(item.value > 0 ? 2 : 0, Math.round((item.value / max) * barWidth));
    chart.append(
      svg('text', { x: labelWidth - 8, y: y + 15, 'text-anchor': 'end' }, item.label),
      svg('rect', { x: labelWidth, y, width, height: rowHeight - 8, rx: 3, class: 'bar' }),
      svg('text', { x: labelWidth + width + 6, y: y + 15 }, format(item.value)),
    );
  });
  return chart;
}
