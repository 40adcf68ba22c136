// qa's page script. Runs as the side panel's js_on_load (gr.HTML): `element` is
// the panel, `server` calls its Python functions (source, notes_markdown,
// notes_docx). Listeners are delegated from the document, so they work for
// buttons rendered later, and are added once even if the panel mounts again.
// Every piece of text from a note is put in the page with textContent, never
// as HTML; HTML only comes from the server, which escapes it.
const qa = window.__qa = window.__qa || {};
qa.panel = element;
qa.server = server;
const NOTES = 'qa-notes', MAX_NOTES = 500;
const phone = () => window.matchMedia('(max-width: 899px)').matches;
const $ = (sel, root) => (root || qa.panel).querySelector(sel);
// on a phone the panel is a full-screen sheet: the class goes on the row that
// holds it (the stylesheet's rules live under Gradio's container) and on <body>
function sheet(open) {
  document.body.classList.toggle('qa-sheet-open', open);
  const row = document.querySelector('#qa-main');
  if (row) row.classList.toggle('qa-sheet-open', open);
}

function say(msg) { const live = $('.qa-live'); if (live) { live.textContent = ''; live.textContent = msg; } }

function loadNotes() {
  try { const n = JSON.parse(localStorage.getItem(NOTES) || '[]'); return Array.isArray(n) ? n : []; }
  catch (e) { return []; }
}
function saveNotes(notes) { localStorage.setItem(NOTES, JSON.stringify(notes)); renderNotes(); }

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function renderNotes() {
  const notes = loadNotes();
  document.querySelectorAll('.qa-notes-count').forEach(c => { c.textContent = String(notes.length); });
  const list = $('.qa-note-list'), empty = $('.qa-notes-empty'), tools = $('.qa-notes-tools');
  if (!list) return;
  list.replaceChildren();
  empty.hidden = notes.length > 0;
  tools.hidden = notes.length === 0;
  notes.forEach((n, i) => {
    const li = el('li', {class: 'qa-note-item', 'data-id': n.id});
    li.append(el('blockquote', {class: 'qa-note-quote'}, n.text));
    li.append(el('div', {class: 'qa-cite'}, [n.title, n.where].filter(Boolean).join(', ')));
    if (n.context) li.append(el('div', {class: 'qa-note'}, 'Found for: ' + n.context));
    const label = el('label', {class: 'qa-sr', for: 'qa-note-c-' + n.id}, 'Your note on quote ' + (i + 1));
    const ta = el('textarea', {class: 'qa-note-comment', id: 'qa-note-c-' + n.id, rows: '2',
                               placeholder: 'Your note (kept with the quote)', 'data-note-comment': n.id});
    ta.value = n.comment || '';
    li.append(label, ta);
    const b = el('div', {class: 'qa-buttons'});
    b.append(el('button', {'data-note-move': '-1', 'data-id': n.id, 'aria-label': 'Move quote ' + (i + 1) + ' up'}, 'Up'));
    b.append(el('button', {'data-note-move': '1', 'data-id': n.id, 'aria-label': 'Move quote ' + (i + 1) + ' down'}, 'Down'));
    if (n.doc) b.append(el('button', {'data-show-doc': n.doc, 'data-collection': n.collection || '', 'data-start': n.start, 'data-end': n.end, 'data-marks': ''}, 'Show in document'));
    b.append(el('button', {'data-note-delete': n.id, 'aria-label': 'Delete quote ' + (i + 1)}, 'Delete'));
    li.append(b);
    list.append(li);
  });
}

function addNote(button) {
  let n;
  try { n = JSON.parse(button.dataset.note); } catch (e) { return; }
  const notes = loadNotes();
  const same = notes.find(x => x.text === n.text && x.doc === n.doc && x.start === n.start);
  if (!same) {
    if (notes.length >= MAX_NOTES) { say('The notes are full (' + MAX_NOTES + ' quotes); export and clear them first.'); return; }
    n.id = Date.now().toString(36) + Math.random().toString(36).slice(2, 7);
    n.comment = '';
    notes.push(n);
    saveNotes(notes);
  }
  button.dataset.added = '1';
  button.textContent = same ? 'Already in notes' : 'Added to notes';
  say(same ? 'That quote is already in your notes.' : 'Added to notes (' + notes.length + ').');
}

function showView(which) {
  $('.qa-source-view').hidden = which !== 'source';
  $('.qa-notes-view').hidden = which !== 'notes';
}

async function openSource(button) {
  qa.returnTo = button;
  const data = {doc: button.dataset.showDoc, collection: button.dataset.collection || '', start: Number(button.dataset.start),
                end: Number(button.dataset.end), marks: button.dataset.marks || ''};
  const body = $('.qa-source-body');
  body.innerHTML = '<div class="qa-empty">Opening the document…</div>';
  showView('source');
  if (phone()) sheet(true);
  $('.qa-source-view .qa-back').focus({preventScroll: true});
  let html;
  try { html = await qa.server.source(data); }
  catch (e) { html = '<div class="qa-notice error">The document could not be opened; try again, or reload the page.</div>'; }
  body.innerHTML = html;
  const mark = body.querySelector('mark.qa-passage'), pre = body.querySelector('.qa-doc');
  if (mark && pre) {  // scroll the text box only: the conversation stays where it is
    pre.scrollTop += mark.getBoundingClientRect().top - pre.getBoundingClientRect().top - pre.clientHeight / 4;
  }
  const img = body.querySelector('.qa-page-img');
  if (img && img.dataset.src) img.src = img.dataset.src;
}

function closePanel() {
  const wasSheet = document.body.classList.contains('qa-sheet-open');
  const fromSource = !$('.qa-source-view').hidden;
  sheet(false);
  showView('notes');
  const back = qa.returnTo;
  qa.returnTo = null;
  if ((fromSource || wasSheet) && back && document.contains(back)) back.focus({preventScroll: true});
}

async function copy(c) {
  const md = (localStorage.getItem('qa-copy-format') || 'Plain text') === 'Markdown';
  const text = md ? c.dataset.copyMd : c.dataset.copyPlain;
  window.__lastCopied = text;
  let how = 'clipboard';
  try { await navigator.clipboard.writeText(text); }
  catch (e) {
    const ta = document.createElement('textarea'); ta.value = text;
    ta.style.position = 'fixed'; ta.style.opacity = '0'; document.body.appendChild(ta); ta.select();
    how = document.execCommand('copy') ? 'execCommand' : 'failed'; ta.remove();
  }
  c.dataset.copied = how;
  const label = c.dataset.label || c.textContent; c.dataset.label = label;
  c.textContent = how === 'failed' ? 'Copy failed' : (md ? 'Copied (Markdown)' : 'Copied');
  setTimeout(() => { c.textContent = label; }, 1500);
}

function download(name, blob) {
  const a = el('a', {href: URL.createObjectURL(blob), download: name});
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function exportNotes(kind) {
  const notes = loadNotes();
  try {
    if (kind === 'md') {
      download('notes.md', new Blob([await qa.server.notes_markdown(notes)], {type: 'text/markdown'}));
    } else {
      const b64 = await qa.server.notes_docx(notes);
      const bytes = Uint8Array.from(atob(b64), ch => ch.charCodeAt(0));
      download('notes.docx', new Blob([bytes], {type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'}));
    }
    say('Exported ' + notes.length + ' quotes.');
  } catch (e) { say('The export failed; try again, or reload the page.'); }
}

function onClick(ev) {
  const t = ev.target;
  const hit = sel => t.closest(sel);
  let b;
  if ((b = hit('button[data-copy-plain]'))) return copy(b);
  if ((b = hit('button[data-note]'))) return addNote(b);
  if ((b = hit('button[data-show-doc]'))) return openSource(b);
  if ((b = hit('button.qa-back'))) return closePanel();
  if ((b = hit('button.qa-open-notes'))) {
    qa.returnTo = b; showView('notes'); sheet(true);
    return $('.qa-notes-view .qa-back-phone').focus({preventScroll: true});
  }
  if ((b = hit('button[data-note-move]'))) {
    const notes = loadNotes(), i = notes.findIndex(n => n.id === b.dataset.id), j = i + Number(b.dataset.noteMove);
    if (i < 0 || j < 0 || j >= notes.length) return;
    [notes[i], notes[j]] = [notes[j], notes[i]];
    saveNotes(notes);
    const again = $(`.qa-note-item[data-id="${CSS.escape(b.dataset.id)}"] button[data-note-move="${b.dataset.noteMove}"]`);
    if (again) again.focus({preventScroll: true});
    return say('Moved to position ' + (j + 1) + '.');
  }
  if ((b = hit('button[data-note-delete]'))) {
    saveNotes(loadNotes().filter(n => n.id !== b.dataset.noteDelete));
    return say('Quote deleted.');
  }
  if ((b = hit('button[data-notes-clear]'))) {
    if (window.confirm('Delete all ' + loadNotes().length + ' quotes from your notes?')) { saveNotes([]); say('Notes cleared.'); }
    return;
  }
  if ((b = hit('button[data-export]'))) return exportNotes(b.dataset.export);
  if ((b = hit('button[data-ask]'))) {
    const box = document.querySelector('#question textarea');
    box.value = b.dataset.ask; box.dispatchEvent(new Event('input', {bubbles: true}));
    return document.querySelector('#ask-alone-btn').click();
  }
  if ((b = hit('button.qa-ref'))) {
    const w = b.closest('.qa-ref-wrap');
    const open = !w.classList.contains('open');
    document.querySelectorAll('.qa-ref-wrap.open').forEach(x => x.classList.remove('open'));
    w.classList.toggle('open', open); w.classList.remove('closed');
    b.setAttribute('aria-expanded', String(open));
    return;
  }
  if (!hit('.qa-ref-wrap')) document.querySelectorAll('.qa-ref-wrap.open').forEach(x => x.classList.remove('open'));
}

function onKey(ev) {
  if (ev.key === 'Escape') {
    const pops = document.querySelectorAll('.qa-ref-wrap.open, .qa-ref-wrap:focus-within');
    if (pops.length) {
      pops.forEach(w => { w.classList.remove('open'); w.classList.add('closed'); });
      return;
    }
    if (!$('.qa-source-view').hidden || document.body.classList.contains('qa-sheet-open')) { ev.preventDefault(); closePanel(); }
    return;
  }
  if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && ev.target.closest('#claim')) {
    ev.preventDefault();
    document.querySelector('#check-btn').click();
  }
}

function onInput(ev) {
  const ta = ev.target.closest('textarea[data-note-comment]');
  if (!ta) return;
  const notes = loadNotes(), n = notes.find(x => x.id === ta.dataset.noteComment);
  if (n) { n.comment = ta.value.slice(0, 5000); localStorage.setItem(NOTES, JSON.stringify(notes)); }
}

if (!qa.listening) {
  qa.listening = true;
  document.addEventListener('click', onClick);
  document.addEventListener('keydown', onKey);
  document.addEventListener('input', onInput);
  document.addEventListener('mouseout', ev => { const w = ev.target.closest && ev.target.closest('.qa-ref-wrap.closed');
    if (w && !w.contains(ev.relatedTarget)) w.classList.remove('closed'); });
  window.addEventListener('storage', ev => { if (ev.key === NOTES) renderNotes(); });  // another tab
}
renderNotes();

// Gradio's upload area is named "Click to upload..." while it shows "Drop File
// Here - or - Click to Upload": name it by what it shows (WCAG 2.5.3).
if (!qa.naming) {
  qa.naming = new MutationObserver(() => {
    document.querySelectorAll('#upload .upload-container[aria-label]').forEach(u => {
      const shown = u.innerText.replace(/\s+/g, ' ').trim();
      if (shown && u.getAttribute('aria-label') !== shown) u.setAttribute('aria-label', shown);
    });
  });
  qa.naming.observe(document.body, {childList: true, subtree: true});
}
