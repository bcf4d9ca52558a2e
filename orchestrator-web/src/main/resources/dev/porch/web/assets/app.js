// porch ui: renders the live parts of the pages from the server's event stream (no polling).
// Everything from the server goes into the page as text (textContent), never as HTML.
'use strict';
(function () {
  const body = document.body;
  const token = new URLSearchParams(location.search).get('token') || '';
  const page = body.dataset.page;
  const pageTask = body.dataset.task || '';
  const tasks = new Map();
  let skew = 0; // server's clock minus ours, so elapsed times agree with the server

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined) e.setAttribute(k, v);
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function link(path) {
    return path + (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token);
  }
  function elapsed(t) {
    if (!t.started) return '';
    const end = t.completed ? Date.parse(t.completed) : Date.now() + skew;
    let s = Math.max(0, Math.round((end - Date.parse(t.started)) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    s = s % 60;
    return (h ? h + 'h' : '') + (h || m ? m + 'm' : '') + s + 's';
  }
  function tests(t) {
    if (!t.tests) return '';
    const x = t.tests;
    let words = x.timed_out ? 'timed out' : x.passed ? 'passed' : 'failed';
    if (x.passed_count !== null && x.failed_count !== null) {
      words += ' ' + x.passed_count + '/' + (x.passed_count + x.failed_count);
    }
    return words;
  }
  // the diff's size as the task's last evaluation measured it, else the files its status lists
  function diffSize(t) {
    const files = (n) => n + (n === 1 ? ' file' : ' files');
    if (t.diff) return files(t.diff.files) + ' +' + t.diff.insertions + ' -' + t.diff.deletions;
    return t.files_changed && t.files_changed.length ? files(t.files_changed.length) : '';
  }
  function score(t) {
    return t.score === null || t.score === undefined ? '' : Number(t.score).toFixed(2);
  }
  function say(text, ok) {
    const m = document.getElementById('message');
    m.textContent = text;
    m.className = 'message ' + (ok ? 'ok' : 'err');
  }

  // ---- actions: POST with the token in a header; porch's own message is shown either way
  async function act(verb, task, extra) {
    const form = new URLSearchParams(Object.assign({ task: task }, extra || {}));
    say(verb + ' ' + task + '…', true);
    try {
      const r = await fetch('/api/' + verb, {
        method: 'POST', headers: { 'X-Porch-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(), credentials: 'omit', cache: 'no-store'
      });
      const j = await r.json().catch(() => ({ done: false, message: 'HTTP ' + r.status }));
      const text = j.message && j.message.trim() ? j.message.trim() : verb + ' ' + task + ': done';
      say(text, j.done);
    } catch (e) {
      say(verb + ' ' + task + ': ' + e, false);
    }
  }
  document.addEventListener('click', (e) => {
    const b = e.target.closest('button[data-action]');
    if (b) act(b.dataset.action, b.dataset.task);
  });
  const tell = document.getElementById('tell');
  if (tell) {
    tell.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = document.getElementById('tell-text');
      act('tell', tell.dataset.task, { message: text.value });
    });
  }

  // ---- the runs page: a table per run
  function feature(names) {
    if (names.length === 1) return names[0];
    let p = names[0];
    for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
    p = p.replace(/[-_.]+$/, '');
    return p.length ? p : names[0];
  }
  function groupsOf() {
    const groups = new Map();
    for (const t of [...tasks.values()].sort((a, b) => a.task.localeCompare(b.task))) {
      // tasks from porch spawn have no run: one group per feature (auth for auth-1, auth-2, ...)
      const k = t.run || t.task.replace(/-\d+$/, '') + ' (porch spawn, no run)';
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(t);
    }
    return groups;
  }
  function fillRow(tr, t) {
    tr.dataset.state = t.status;
    const set = (cls, text) => { tr.querySelector('.' + cls).textContent = text; };
    const st = tr.querySelector('.state');
    st.textContent = t.status;
    st.className = 'state state-' + t.status;
    set('elapsed', elapsed(t));
    set('activity', t.activity || '');
    set('tests', tests(t));
    set('score', score(t));
    set('diff', diffSize(t));
    set('summary', t.error || t.summary || '');
  }
  let shape = '';
  // Rows are updated in place; the tables are rebuilt only when runs or tasks come and go, so
  // keyboard focus and screen-reader position survive a state change.
  function renderRuns() {
    const root = document.getElementById('runs');
    const groups = groupsOf();
    const next = JSON.stringify([...groups].map(([run, list]) => [run, list.map((t) => t.task)]));
    if (next === shape) {
      for (const t of tasks.values()) {
        const tr = document.getElementById('row-' + t.task);
        if (tr) fillRow(tr, t);
      }
      return;
    }
    shape = next;
    root.replaceChildren();
    if (!groups.size) root.append(el('p', { class: 'empty' }, 'No tasks yet.'));
    for (const [run, list] of groups) {
      const sec = el('section', { class: 'run', 'aria-label': 'run ' + run });
      const h = el('h2', {}, run);
      if (list[0].pattern) h.append(el('span', { class: 'hint' }, ' ' + list[0].pattern));
      sec.append(h);
      const names = list.map((t) => t.task);
      const bar = el('p', { class: 'bar' });
      bar.append(el('a', { href: link('/compare?tasks=' + names.join(',')) }, 'Compare these attempts'));
      // a run's tasks share a feature; tasks from porch spawn are grouped by theirs
      const f = list[0].run ? feature(names) : list[0].task.replace(/-\d+$/, '');
      bar.append(' ', el('button', { type: 'button', 'data-action': 'cleanup', 'data-task': f }, 'Clean up ' + f));
      sec.append(bar);
      const wrap = el('div', { class: 'scroll', tabindex: '0' });
      const table = el('table', { class: 'tasks' });
      table.append(el('caption', { class: 'sr' }, 'tasks of run ' + run));
      const hr = el('tr');
      const cols = [['task', 'task'], ['state', 'state'], ['elapsed', 'elapsed'], ['doing now', 'activity'],
        ['tests', 'tests'], ['score', 'score'], ['diff', 'diff'], ['summary', 'summary']];
      for (const [c, k] of cols) hr.append(el('th', { scope: 'col', class: k }, c));
      const thead = el('thead');
      thead.append(hr);
      table.append(thead);
      const tb = el('tbody');
      for (const t of list) {
        const tr = el('tr', { id: 'row-' + t.task });
        const a = el('th', { scope: 'row', class: 'task' });
        a.append(el('a', { href: link('/task/' + t.task) }, t.task));
        tr.append(a);
        for (const [, k] of cols.slice(1)) tr.append(el('td', { class: k }));
        fillRow(tr, t);
        tb.append(tr);
      }
      table.append(tb);
      wrap.append(table);
      sec.append(wrap);
      root.append(sec);
    }
  }
  function addEvent(line) {
    const list = document.getElementById('events');
    if (!list) return;
    let e;
    try { e = JSON.parse(line); } catch (x) { return; }
    const words = [e.at ? e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '', e.type || '', e.task || '',
      e.to || '', e.summary || e.message || ''].filter((w) => w !== '').join(' · ');
    list.prepend(el('li', {}, words));
    while (list.children.length > 30) list.lastChild.remove();
  }

  // ---- the task page
  let seenStatus = null;
  // The diff below was rendered when the page loaded; once the agent has ended, say how to see its final one.
  function noteFinalDiff(t) {
    const live = seenStatus === 'RUNNING' || seenStatus === 'PENDING';
    seenStatus = t.status;
    if (!live || t.status === 'RUNNING' || t.status === 'PENDING' || document.getElementById('final-diff')) return;
    const p = el('p', { id: 'final-diff', class: 'hint' });
    p.append('The agent has ended; ', el('a', { href: location.href }, 'reload for its final diff'), '.');
    document.getElementById('diff-h').after(p);
  }
  function renderTask() {
    const t = tasks.get(pageTask);
    if (t) noteFinalDiff(t);
    const dl = document.getElementById('status');
    dl.replaceChildren();
    if (!t) {
      dl.append(el('dt', {}, 'state'), el('dd', { id: 'state' }, 'no status file'));
      return;
    }
    const rows = [['state', t.status, 'state'], ['elapsed', elapsed(t), 'elapsed'], ['doing now', t.activity, 'activity'],
      ['agent', t.agent, null], ['attempt', t.attempt, null], ['branch', t.branch, null], ['base', t.base, null],
      ['run', t.run, null], ['score', score(t), null], ['diff', diffSize(t), null], ['summary', t.summary, null],
      ['error', t.error, null],
      ['files changed', (t.files_changed || []).join(', '), null]];
    for (const [k, v, id] of rows) {
      if (v === null || v === undefined || v === '') continue;
      dl.append(el('dt', {}, k), el('dd', { id: id, class: id === 'state' ? 'state state-' + t.status : null }, v));
    }
    document.getElementById('tests').textContent = tests(t) || 'not judged yet';
    const ended = t.status !== 'RUNNING' && t.status !== 'PENDING';
    for (const b of document.querySelectorAll('button[data-action="cancel"]')) b.disabled = t.status !== 'RUNNING';
    for (const b of document.querySelectorAll('button[data-action="pick"]')) b.disabled = t.status !== 'COMPLETE';
    const send = document.querySelector('#tell button');
    if (send) send.disabled = !ended;
  }
  function addLog(lines) {
    const pre = document.getElementById('log');
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.append(document.createTextNode(lines.map((l) => l + '\n').join('')));
    if (pre.textContent.length > 400000) pre.textContent = pre.textContent.slice(-300000);
    if (atEnd) pre.scrollTop = pre.scrollHeight;
  }

  function render() {
    if (page === 'runs') renderRuns();
    else if (page === 'task') renderTask();
  }

  // ---- the stream (the compare page is a snapshot: what git says when it was loaded)
  if (page === 'compare') {
    const live = document.getElementById('live');
    live.textContent = 'as of ' + new Date().toLocaleTimeString();
    live.className = 'live';
  }
  if (page === 'runs' || page === 'task') {
    const live = document.getElementById('live');
    const src = new EventSource(link('/events' + (page === 'task' ? '?task=' + encodeURIComponent(pageTask) : '')));
    src.onopen = () => { live.textContent = 'live'; live.className = 'live on'; };
    src.onerror = () => { live.textContent = 'reconnecting…'; live.className = 'live off'; };
    src.addEventListener('snapshot', (e) => {
      const s = JSON.parse(e.data);
      skew = Date.parse(s.now) - Date.now();
      tasks.clear();
      for (const t of s.tasks) tasks.set(t.task, t);
      render();
    });
    src.addEventListener('task', (e) => {
      const t = JSON.parse(e.data);
      tasks.set(t.task, t);
      render();
    });
    src.addEventListener('gone', (e) => {
      tasks.delete(JSON.parse(e.data).task);
      render();
    });
    src.addEventListener('event', (e) => {
      addEvent(e.data);
      // an evaluation measures the diff's size after the status was written: show it at once
      let ev;
      try { ev = JSON.parse(e.data); } catch (x) { return; }
      const t = ev.type === 'evaluated' && ev.diff ? tasks.get(ev.task) : undefined;
      if (t && (!t.started || !ev.at || Date.parse(ev.at) >= Date.parse(t.started))) {
        t.diff = { files: ev.diff.files, insertions: ev.diff.insertions, deletions: ev.diff.deletions };
        render();
      }
    });
    src.addEventListener('log', (e) => addLog(JSON.parse(e.data).lines));
    // elapsed times tick locally, once a second (a clock, not a request)
    setInterval(() => {
      for (const t of tasks.values()) {
        if (t.completed || !t.started) continue;
        const cell = page === 'runs' ? document.querySelector('#row-' + CSS.escape(t.task) + ' .elapsed')
          : document.getElementById('elapsed');
        if (cell) cell.textContent = elapsed(t);
      }
    }, 1000);
  }
})();
