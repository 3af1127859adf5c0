// app.js - the editor's page of `copydesk serve`.  No libraries and no
// requests anywhere but this server.  Every length, pixel width and search
// result cut shown here comes from the server, so the page and the checks
// use one pixel model.
'use strict';

const LISTS = [
  ['headlines', 'Headlines', 'title'],
  ['ledes', 'Ledes', 'desc'],
  ['seo_titles', 'SEO titles', 'title'],
  ['meta_descriptions', 'Meta descriptions', 'desc'],
];

const $ = (id) => document.getElementById(id);
let inputType = 'application/octet-stream'; // the server detects what it is
let article = '';                            // the text the package was made from
let siteName = 'example.com';

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const k of kids) if (k != null) e.append(k);
  return e;
}

function status(msg, isError) {
  const s = $('status');
  s.textContent = msg;
  s.classList.toggle('error', !!isError);
}

async function post(path, body, type) {
  const r = await fetch(path, {
    method: 'POST', body, headers: { 'Content-Type': type || 'application/json' },
  });
  let data;
  try { data = await r.json(); } catch (e) { data = null; }
  if (!r.ok) {
    const m = data && data.error ? data.error.message : r.status + ' ' + r.statusText;
    throw new Error(m);
  }
  return data;
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (e) {
    // clipboard API refused (no secure context): select and copy
    const t = el('textarea', {});
    t.value = text;
    document.body.append(t);
    t.select();
    document.execCommand('copy');
    t.remove();
  }
  const old = button.textContent;
  button.textContent = 'Copied';
  setTimeout(() => { button.textContent = old; }, 1200);
}

function findingsList(findings) {
  if (!findings || !findings.length) return null;
  const ul = el('ul', { class: 'findings' });
  for (const f of findings) {
    ul.append(el('li', { class: 'sev-' + f.severity },
      `${f.severity} ${f.rule}` + (f.span ? ` “${f.span}”` : '') + `: ${f.reason}`));
  }
  return ul;
}

function candidate(key, role, it, i) {
  const li = el('li', { 'data-kind': key, 'data-px': String(it.px) });
  li.append(el('div', { class: 'cand-text' }, it.text));
  const meta = el('div', { class: 'cand-meta' },
    el('span', {}, `${it.chars} chars · ${it.px.toFixed(0)} px`));
  const copy = el('button', {
    type: 'button', class: 'small copy',
    'aria-label': `Copy ${key.replace(/_/g, ' ')} ${i + 1}`,
    onclick: (ev) => copyText(it.text, ev.currentTarget),
  }, 'Copy');
  const pv = el('button', {
    type: 'button', class: 'small preview',
    'aria-label': `Preview ${key.replace(/_/g, ' ')} ${i + 1} as the search result ` +
      (role === 'title' ? 'title' : 'description'),
    onclick: () => setPreview(role, it.text, true),
  }, 'Preview');
  meta.append(copy, pv);
  li.append(meta);
  const fl = findingsList(it.findings);
  if (fl) li.append(fl);
  return li;
}

function renderCurrent(d) {
  const box = $('current');
  box.replaceChildren();
  const cur = d.current || {};
  const rows = [];
  const title = cur.title ? cur.title.text : d.title;
  if (title) rows.push(['Current title', title, 'title']);
  if (cur.meta_description) rows.push(['Current meta description', cur.meta_description.text, 'desc']);
  if (!rows.length) return;
  const div = el('div', { class: 'current' }, el('h3', {}, 'As published'));
  for (const [label, text, role] of rows) {
    div.append(el('p', {}, el('strong', {}, label + ': '), text, ' ',
      el('button', {
        type: 'button', class: 'small preview current-preview',
        'aria-label': 'Preview the ' + label.toLowerCase(),
        onclick: () => setPreview(role, text, true),
      }, 'Preview')));
  }
  box.append(div);
}

function render(d) {
  renderCurrent(d);
  const lists = $('lists');
  lists.replaceChildren();
  for (const [key, label, role] of LISTS) {
    const items = d[key] || [];
    const sec = el('section', { id: 'list-' + key, 'aria-label': label });
    sec.append(el('h3', {}, `${label} (${items.length})`));
    const ol = el('ol', { class: 'cands', id: key });
    items.forEach((it, i) => ol.append(candidate(key, role, it, i)));
    sec.append(ol);
    lists.append(sec);
  }
  const w = $('warnings');
  w.replaceChildren();
  for (const msg of d.warnings || []) w.append(el('p', { class: 'note' }, 'Note: ' + msg));
  $('results').hidden = false;
  $('preview').hidden = false;
  const t = (d.seo_titles[0] || d.headlines[0] || {}).text || '';
  const m = (d.meta_descriptions[0] || d.ledes[0] || {}).text || '';
  $('pv-title').value = t;
  $('pv-desc').value = m;
  refreshPreview();
}

async function run() {
  const text = $('article').value;
  if (!text.trim()) {
    status('Paste an article first.', true);
    $('article').focus();
    return;
  }
  const q = new URLSearchParams({ case: $('case').value, quotes: $('quotes').value });
  $('go').disabled = true;
  status('Writing the package…');
  const t0 = performance.now();
  try {
    const d = await post('/v1/package?' + q, text, inputType);
    article = text;
    siteName = 'example.com';
    render(d);
    const n = LISTS.reduce((s, [k]) => s + (d[k] || []).length, 0);
    status(`${n} candidates from ${d.sentences} sentences in ` +
      `${Math.round(performance.now() - t0)} ms.`);
    document.body.dataset.ready = '1';
  } catch (e) {
    status('Error: ' + e.message, true);
  } finally {
    $('go').disabled = false;
  }
}

function setPreview(role, text, focus) {
  const box = role === 'title' ? $('pv-title') : $('pv-desc');
  box.value = text;
  refreshPreview();
  if (focus) $('preview').scrollIntoView({ block: 'nearest' });
}

let pending = 0;
async function refreshPreview() {
  const title = $('pv-title').value;
  const desc = $('pv-desc').value;
  const ticket = ++pending;
  let serp;
  try {
    serp = await post('/v1/serp', JSON.stringify({ title, description: desc }));
  } catch (e) {
    $('pv-measure').textContent = 'Preview failed: ' + e.message;
    return;
  }
  if (ticket !== pending) return; // a newer edit is on its way
  const t = serp.title, m = serp.description;
  $('lim-title').textContent = t.desktop.max_px;
  $('lim-desc').textContent = m.desktop.max_px;
  $('lim-desc-m').textContent = m.mobile.max_px;
  $('serp-title-d').textContent = t.desktop.shown;
  $('serp-title-m').textContent = t.mobile.shown;
  $('serp-desc-d').textContent = m.desktop.shown;
  $('serp-desc-m').textContent = m.mobile.shown;
  $('pv-site').textContent = siteName;
  $('pv-site-m').textContent = siteName;
  const fit = (x) => (x.desktop.fits ? 'fits' : 'cut on desktop') +
    (x.mobile.fits ? '' : (x.desktop.fits ? ', cut on mobile' : ' and mobile'));
  $('pv-measure').textContent =
    `Title: ${t.chars} chars, ${t.px.toFixed(0)} px (${fit(t)}). ` +
    `Description: ${m.chars} chars, ${m.px.toFixed(0)} px (${fit(m)}).`;
  document.body.dataset.preview = String(ticket);
  // grade the pair against the article, as an SEO title and a description
  const f = $('pv-findings');
  if (!article || (!title && !desc)) { f.replaceChildren(); return; }
  const body = { article };
  if (title) body.seo_titles = [title];
  if (desc) body.meta_descriptions = [desc];
  try {
    const g = await post('/v1/check', JSON.stringify(body));
    if (ticket !== pending) return;
    f.replaceChildren();
    for (const c of g.candidates) {
      const label = c.kind === 'seo_title' ? 'Title' : 'Description';
      if (!c.findings.length) {
        f.append(el('li', { class: 'fit-ok' }, `${label}: passes every check`));
      }
      for (const x of c.findings) {
        f.append(el('li', { class: 'sev-' + x.severity },
          `${label}: ${x.severity} ${x.rule}` + (x.span ? ` “${x.span}”` : '') +
          `: ${x.reason}`));
      }
    }
  } catch (e) {
    f.replaceChildren(el('li', { class: 'sev-warn' }, 'Check failed: ' + e.message));
  }
}

function debounce(fn, ms) {
  let t;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}

function typeFor(name) {
  if (/\.html?$/i.test(name)) return 'text/html';
  if (/\.json$/i.test(name)) return 'application/json';
  if (/\.(md|markdown|txt)$/i.test(name)) return 'text/plain; charset=utf-8';
  return 'application/octet-stream';
}

function loadFile(file) {
  if (!file) return;
  const r = new FileReader();
  r.onload = () => {
    $('article').value = r.result;
    inputType = typeFor(file.name);
    status(`Loaded ${file.name} (${file.size} bytes).`);
    run();
  };
  r.onerror = () => status('Could not read ' + file.name, true);
  r.readAsText(file);
}

document.addEventListener('DOMContentLoaded', () => {
  const a = $('article');
  $('go').addEventListener('click', run);
  a.addEventListener('input', () => { inputType = 'application/octet-stream'; });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && document.activeElement === a) {
      e.preventDefault();
      run();
    }
  });
  $('file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  a.addEventListener('dragover', (e) => { e.preventDefault(); a.classList.add('drop'); });
  a.addEventListener('dragleave', () => a.classList.remove('drop'));
  a.addEventListener('drop', (e) => {
    e.preventDefault();
    a.classList.remove('drop');
    loadFile(e.dataTransfer.files[0]);
  });
  const again = debounce(refreshPreview, 250);
  $('pv-title').addEventListener('input', again);
  $('pv-desc').addEventListener('input', again);
});
