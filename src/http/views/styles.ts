/**
 * The one stylesheet, inlined under the page's CSP nonce so pages need no other request. Phone first: one column,
 * 44px tap targets, visible focus, and colours that keep at least 4.5:1 contrast in light and dark schemes.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --fg: #1b1b1f; --muted: #4a4a55; --bg: #ffffff; --soft: #f2f3f6; --line: #c4c4cc;
  --accent: #0b57d0; --accent-fg: #ffffff; --bad: #a1160a; --bad-bg: #fdecea; --ok: #0f6b2f; --ok-bg: #e6f4ea;
  --warn: #7a4b00; --warn-bg: #fff4d6;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #ececf1; --muted: #bdbdc9; --bg: #16161a; --soft: #24242b; --line: #4a4a55;
    --accent: #8ab4f8; --accent-fg: #10131a; --bad: #ffb4ab; --bad-bg: #3b1512; --ok: #8ee0a6; --ok-bg: #12301c;
    --warn: #ffd37a; --warn-bg: #33270b;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 1.0625rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
}
main { max-width: 46rem; margin: 0 auto; padding: 1rem 1rem 4rem; }
/* What people type can be a 300-character URL or one long word: it wraps anywhere rather than scrolling sideways. */
main, main * { overflow-wrap: anywhere; }
.visually-hidden {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; padding-top: 1rem; border-top: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.25rem; }
p { margin: 0.5rem 0; }
a { color: var(--accent); text-underline-offset: 0.15em; }
nav a { display: inline-block; padding: 0.6rem 0; }
.muted { color: var(--muted); }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
input, select, textarea, button { font: inherit; color: inherit; }
input[type='text'], input[type='date'], select, textarea {
  width: 100%; min-height: 2.75rem; padding: 0.5rem; border: 1px solid var(--muted); border-radius: 0.375rem;
  background: var(--bg);
}
textarea { min-height: 7rem; resize: vertical; }
button {
  min-height: 2.75rem; min-width: 2.75rem; padding: 0.5rem 0.9rem; border: 1px solid var(--accent);
  border-radius: 0.375rem; background: var(--soft); color: var(--fg); cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); font-weight: 600; margin-top: 0.75rem; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
[aria-invalid='true'] { border: 2px solid var(--bad); }
.alert, .status { padding: 0.75rem; border-radius: 0.375rem; margin: 0.75rem 0; }
.alert { border: 2px solid var(--bad); background: var(--bad-bg); }
.alert.warn { border-color: var(--warn); background: var(--warn-bg); }
.status { border: 2px solid var(--ok); background: var(--ok-bg); }
.guide { background: var(--soft); padding: 0.75rem; border-radius: 0.375rem; }
.items { padding-left: 1.5rem; margin: 0.5rem 0; }
.items > li { margin: 0.9rem 0; }
.plain { list-style: none; padding-left: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.35rem; }
.actions form { margin: 0; }
.actions details { margin: 0; }
.actions details[open] { flex-basis: 100%; }
.actions summary {
  display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0.5rem 0.9rem;
  border: 1px solid var(--accent); border-radius: 0.375rem; background: var(--soft);
}
.move { display: flex; align-items: center; gap: 0.35rem; }
.move label { display: inline; margin: 0; font-weight: 400; }
.move select { width: auto; min-width: 4rem; }
button.danger { border-color: var(--bad); color: var(--bad); }
button.danger-primary { border-color: var(--bad); background: var(--bad); color: var(--bg); }
.quoted { margin: 1rem 0; padding: 0.5rem 1rem; border-left: 3px solid var(--line); background: var(--soft); }
.status:focus, .alert:focus { outline: 3px solid var(--accent); outline-offset: 2px; }
.badge {
  display: inline-block; padding: 0 0.5rem; border: 1px solid currentColor; border-radius: 1rem;
  font-size: 0.85rem; font-weight: 600; white-space: nowrap;
}
.badge-overdue, .badge-cancelled { color: var(--bad); }
.badge-done, .badge-resolved { color: var(--ok); }
.badge-open, .badge-dropped, .badge-upcoming, .badge-ended, .badge-carried { color: var(--muted); }
.badge-in-progress, .badge-demo { color: var(--accent); }
.meetings { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0 1rem; }
.notes { white-space: pre-wrap; }
summary { padding: 0.6rem 0; cursor: pointer; }
.past { border-left: 3px solid var(--line); padding-left: 0.75rem; margin: 1.25rem 0; }
.counts { display: grid; grid-template-columns: 1fr auto; gap: 0.25rem 1rem; max-width: 22rem; }
.counts dt { margin: 0; } .counts dd { margin: 0; font-weight: 600; text-align: right; }
/* Templates (issue 13, part 3): the check-in's questions, and the template choice as a labelled radio group. */
.questions { padding-left: 2rem; }
.questions li { margin: 0.25rem 0; }
#template fieldset {
  border: 1px solid var(--line); border-radius: 0.375rem; margin: 0.75rem 0; padding: 0.25rem 0.75rem 0.75rem;
  min-width: 0;
}
#template legend { font-weight: 600; padding: 0 0.25rem; }
.choices label { display: flex; gap: 0.6rem; align-items: flex-start; font-weight: 400; margin: 0.6rem 0; }
.choices input[type='radio'] { flex: none; width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; }
/* Feedback (issue 13, part 1): the rating radios and share checkbox, and the ratings chart and table. */
fieldset.rating {
  border: 1px solid var(--line); border-radius: 0.375rem; margin: 0.75rem 0; padding: 0.25rem 0.75rem 0.5rem;
  min-width: 0;
}
fieldset.rating legend { font-weight: 600; padding: 0 0.25rem; }
label.choice { display: flex; align-items: center; gap: 0.6rem; min-height: 2.75rem; margin: 0; font-weight: 400; }
label.choice input, .check input { flex: none; width: 1.25rem; height: 1.25rem; margin: 0; }
.check { display: flex; align-items: center; gap: 0.6rem; min-height: 2.75rem; margin: 0.75rem 0 0; }
.check label { margin: 0; }
.shared-feedback dt { font-weight: 600; margin-top: 0.5rem; }
.shared-feedback dd { margin: 0.25rem 0 0; }
.sparkline { display: block; width: 100%; max-width: 20rem; height: auto; margin: 0.5rem 0; }
.spark-own, .spark-other { fill: none; stroke-width: 2; }
.spark-own { stroke: var(--accent); } .dot-own { fill: var(--accent); }
.spark-other { stroke: var(--muted); stroke-dasharray: 5 4; } .dot-other { fill: var(--muted); }
.key { display: inline-block; width: 1.5rem; vertical-align: middle; border-top: 2px solid var(--accent); }
.key-other { border-top: 2px dashed var(--muted); margin-left: 0.75rem; }
table.ratings { border-collapse: collapse; margin: 0.5rem 0; }
table.ratings caption { text-align: left; color: var(--muted); padding-bottom: 0.25rem; }
table.ratings th, table.ratings td {
  padding: 0.25rem 1rem 0.25rem 0; text-align: left; border-bottom: 1px solid var(--line);
}
/* Overview (issue 13, part 4): one 1:1 per card, its facts, and the follow-through bars with their legend. */
.overview-item { border: 1px solid var(--line); border-radius: 0.375rem; padding: 0 0.75rem 0.75rem; margin: 1rem 0; }
.overview-facts { margin: 0.5rem 0; }
.overview-facts dt { color: var(--muted); font-size: 0.9rem; margin-top: 0.4rem; }
.overview-facts dd { margin: 0; font-weight: 600; }
.overview-item .actions a { display: inline-flex; align-items: center; min-height: 2.75rem; }
.ft { margin: 0.75rem 0; }
.ft figcaption { font-weight: 600; }
.ft-chart { display: block; width: 100%; max-width: 15rem; height: auto; margin: 0.25rem 0; }
.ft-on-time { fill: var(--ok); background: var(--ok); }
.ft-late { fill: var(--warn); background: var(--warn); }
.ft-overdue { fill: var(--bad); background: var(--bad); }
.ft-label { fill: var(--fg); font-size: 11px; }
.ft-legend { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0 1rem; font-size: 0.9rem; }
.ft-swatch { display: inline-block; width: 0.8rem; height: 0.8rem; vertical-align: middle; border-radius: 2px; }
/* Development goals (issue 13, part 2): the check-in box, a goal card, milestones as checkboxes. */
input[type='number'] {
  width: 7rem; min-height: 2.75rem; padding: 0.5rem; border: 1px solid var(--muted); border-radius: 0.375rem;
  background: var(--bg);
}
.goals-check-in {
  border: 2px solid var(--accent); background: var(--soft); border-radius: 0.375rem; padding: 0.75rem; margin: 0.75rem 0;
}
.goals-check-in h3 { margin-top: 0; }
.goal { border-left: 3px solid var(--accent); padding-left: 0.75rem; margin: 1.5rem 0; }
.goal h4 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
.milestones > li { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin: 0.5rem 0; }
.milestones .alert { flex-basis: 100%; }
.tick { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; flex: 1 1 14rem; margin: 0; }
.tick label { display: inline; margin: 0; font-weight: 400; flex: 1 1 8rem; }
.tick input[type='checkbox'] { width: 1.5rem; height: 1.5rem; margin: 0; }
/* Search (issue 13, part 5): the search box and its button on one line, and the results with their matches marked. */
.search-row { display: flex; gap: 0.5rem; }
.search-row input[type='search'] {
  flex: 1; min-width: 0; min-height: 2.75rem; padding: 0.5rem; border: 1px solid var(--muted); border-radius: 0.375rem;
  background: var(--bg);
}
.results { padding-left: 1.5rem; }
.results > li { margin: 1rem 0; }
.results p { margin: 0.25rem 0; }
mark { background: var(--warn-bg); color: inherit; font-weight: 600; }
.search-tips code { white-space: nowrap; }
`;
