// Swadaya field mode. Fills KSM collection sheets and complaints with no signal, keeps them in
// an outbox on the phone (IndexedDB) and sends each one once when the signal returns. The server
// decides every conflict; this script never changes what is already recorded.
// No framework and no build step: this file is served as written.
(function () {
  'use strict';

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
  const root = document.getElementById('field');
  if (!root) return;

  const lang = document.documentElement.lang === 'en' ? 'en' : 'id';
  const T = (id, en) => (lang === 'en' ? en : id);
  const RETRY_MS = 30000;
  const LOW_STORAGE = 512 * 1024;

  // ---------- storage ----------
  let dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const req = indexedDB.open('swadaya-field', 1);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('meta');
          req.result.createObjectStore('outbox', { keyPath: 'key' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    }
    return dbPromise;
  }
  function store(name, mode, work) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(name, mode);
      const req = work(t.objectStore(name));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    }));
  }
  const getPack = () => store('meta', 'readonly', (s) => s.get('pack'));
  const putPack = (p) => store('meta', 'readwrite', (s) => s.put(p, 'pack'));
  const getItem = (key) => store('outbox', 'readonly', (s) => s.get(key));
  const putItem = (item) => store('outbox', 'readwrite', (s) => s.put(item));
  const deleteItem = (key) => store('outbox', 'readwrite', (s) => s.delete(key));
  const allItems = () => store('outbox', 'readonly', (s) => s.getAll())
    .then((items) => items.sort((a, b) => (a.saved_at < b.saved_at ? -1 : 1)));

  // Other tabs hear about every change and redraw.
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel('swadaya-field') : null;
  function changed() {
    if (channel) channel.postMessage('changed');
    return refresh();
  }
  if (channel) channel.onmessage = () => refresh();

  // ---------- small helpers ----------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'class') el.className = v;
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }
  const thousands = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const rupiah = (n) => 'Rp ' + thousands(n);
  const pad = (n) => String(n).padStart(2, '0');
  function localDate(d) {
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }
  const MONTHS = T('Jan Feb Mar Apr Mei Jun Jul Agu Sep Okt Nov Des', 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec').split(' ');
  function showDate(iso) {
    const [y, m, d] = String(iso).slice(0, 10).split('-');
    return y && m && d ? Number(d) + ' ' + MONTHS[Number(m) - 1] + ' ' + y : String(iso);
  }
  function showTime(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : showDate(localDate(d)) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }
  function newKey() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return 'field-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  function activeOn(member, day) {
    return member.joined_on <= day && (!member.left_on || member.left_on >= day);
  }
  function label(pairs, code) {
    const hit = (pairs || []).find((p) => p[0] === code);
    return hit ? hit[1] : code;
  }
  const editing = () => location.hash.length > 1;
  // Redraws the home page; a form being filled is never redrawn under the user's fingers.
  function refresh() {
    if (!editing()) return render();
    const net = document.getElementById('net');
    if (net) {
      net.className = 'badge ' + (navigator.onLine ? 'ok' : 'off');
      net.textContent = navigator.onLine ? T('Ada sinyal', 'Online') : T('Tanpa sinyal', 'Offline');
    }
    return Promise.resolve();
  }
  let note = null; // one message shown at the top of the next drawing

  // ---------- the top of every page: what the phone holds ----------
  function header(pack) {
    const online = navigator.onLine;
    return h('div', { class: 'card field-status' },
      h('p', {},
        h('span', { class: 'badge ' + (online ? 'ok' : 'off'), id: 'net' }, online ? T('Ada sinyal', 'Online') : T('Tanpa sinyal', 'Offline')),
        ' ',
        pack
          ? h('span', { id: 'fetched' }, T('Data lapangan diambil ', 'Field data fetched '), showTime(pack.fetched_at),
            ' · ', pack.display_name || pack.username)
          : h('span', { id: 'fetched' }, T('Belum ada data lapangan di ponsel ini.', 'This phone holds no field data yet.'))));
  }

  // ---------- home: prepare, groups, outbox ----------
  function outboxCounts(items) {
    return {
      waiting: items.filter((i) => i.status === 'waiting').length,
      refused: items.filter((i) => i.status === 'refused').length,
    };
  }

  function itemView(item, me) {
    const badges = {
      waiting: ['wait', T('Menunggu dikirim', 'Waiting to send')],
      sent: ['ok', T('Terkirim', 'Sent')],
      proposed: ['wait', T('Menjadi usulan koreksi', 'Became a proposed correction')],
      refused: ['bad', T('Ditolak', 'Refused')],
    };
    const [cls, word] = badges[item.status] || badges.waiting;
    const reply = item.reply || {};
    const fieldName = (f) => fieldLabel(item, f);
    const editable = item.status === 'refused' || (item.status === 'waiting' && !item.tries);
    return h('li', { class: 'card outbox-item ' + item.status, 'data-key': item.key },
      h('p', {}, h('span', { class: 'badge ' + cls }, word), ' ', h('strong', {}, item.title)),
      h('p', { class: 'muted' }, T('Disimpan di ponsel ', 'Saved on the phone '), showTime(item.saved_at),
        item.user !== me ? ' · ' + T('oleh ', 'by ') + item.user : ''),
      item.status === 'waiting' && item.user !== me && me
        ? h('p', { class: 'warn' }, T('Dikirim setelah ' + item.user + ' masuk di ponsel ini.', 'Sent once ' + item.user + ' logs in on this phone.'))
        : null,
      item.last_error && item.status === 'waiting' ? h('p', { class: 'muted' }, item.last_error) : null,
      reply.message ? h('p', { class: item.status === 'refused' ? 'errors' : '' }, reply.message) : null,
      reply.errors && reply.errors.length
        ? h('ul', { class: 'errors' }, reply.errors.map((e) => h('li', {}, fieldName(e.field) + ': ' + e.message)))
        : null,
      reply.advice ? h('p', {}, h('strong', {}, T('Yang perlu dilakukan: ', 'What to do: ')), reply.advice) : null,
      h('div', { class: 'actions' },
        reply.link && navigator.onLine ? h('a', { class: 'button secondary', href: reply.link }, T('Buka', 'Open')) : null,
        editable ? h('a', { class: 'button secondary', href: '#edit/' + item.key }, T('Ubah', 'Change')) : null,
        h('button', { type: 'button', class: 'secondary', onclick: () => download(item) }, T('Unduh berkas', 'Download file')),
        item.status === 'refused' || item.status === 'waiting'
          ? h('button', { type: 'button', class: 'secondary danger', onclick: () => discard(item) }, T('Hapus dari ponsel', 'Remove from phone'))
          : null));
  }

  function fieldLabel(item, field) {
    const m = /^line-(\d+)-(\w+)$/.exec(field || '');
    const words = {
      held_on: T('Tanggal pertemuan', 'Meeting date'), lines: T('Anggota', 'Members'), agenda: 'Agenda',
      agenda_planned: T('Agenda direncanakan', 'Agenda planned'), agenda_done: T('Agenda terlaksana', 'Agenda done'),
      notes: T('Catatan', 'Notes'), content: T('Isi pengaduan', 'Complaint'), kind: T('Jenis', 'Kind'),
      category: T('Kategori', 'Category'), received_on: T('Tanggal diterima', 'Date received'), contact: T('Kontak', 'Contact'),
      instalment: T('Angsuran', 'Instalment'), attendance: T('Kehadiran', 'Attendance'),
    };
    if (!m) return words[field] || field;
    const names = item.names || {};
    return (names[m[1]] || T('Anggota ', 'Member ') + m[1]) + ' · ' + (words[m[2]] || (item.savings_labels || {})[m[2]] || m[2]);
  }

  function download(item) {
    const blob = new Blob([JSON.stringify(item, null, 2)], { type: 'application/json' });
    const a = h('a', { href: URL.createObjectURL(blob), download: 'swadaya-' + item.kind + '-' + item.key.slice(-8) + '.json' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  function discard(item) {
    // A send that got no answer may have been recorded: say so rather than promise either way.
    const ask = item.status === 'waiting' && item.tries
      ? T('Item ini sudah pernah dikirim tanpa jawaban; mungkin sudah tercatat di server. Hapus dari ponsel? Unduh berkasnya dulu bila masih perlu.',
        'This item was sent once without an answer; it may be recorded on the server. Remove it from the phone? Download the file first if you still need it.')
      : T('Item ini belum tercatat di server. Hapus dari ponsel? Unduh berkasnya dulu bila masih perlu.',
        'This item is not recorded on the server. Remove it from the phone? Download the file first if you still need it.');
    if (window.confirm(ask)) deleteItem(item.key).then(changed);
  }

  async function home(pack, items, me) {
    const counts = outboxCounts(items);
    const groups = pack ? pack.groups : [];
    const done = items.filter((i) => i.status === 'sent' || i.status === 'proposed');
    const prepareCard = h('div', { class: 'card' },
      h('button', { type: 'button', id: 'prepare', class: pack ? 'secondary' : '', onclick: prepare },
        pack ? T('Siapkan ulang untuk lapangan', 'Prepare for the field again') : T('Siapkan untuk lapangan', 'Prepare for the field')),
      h('p', { class: 'muted' }, T(
        'Saat ada sinyal: mengambil KSM Anda, anggotanya, setoran rutin dan angsuran jatuh tempo ke ponsel ini.',
        'While online: stores your KSMs, their members, routine amounts and instalments due on this phone.')));
    // A prepared phone shows its outbox first; an empty one, how to start.
    return h('div', {},
      pack ? null : prepareCard,
      h('h2', {}, T('Kotak keluar', 'Outbox'), ' ', h('span', { class: 'badge', id: 'waiting-count' }, counts.waiting + ' ' + T('menunggu', 'waiting'))),
      items.length
        ? h('ul', { class: 'outbox', id: 'outbox' }, items.map((i) => itemView(i, me)))
        : h('p', { class: 'muted', id: 'outbox' }, T('Tidak ada yang menunggu.', 'Nothing is waiting.')),
      h('div', { class: 'actions' },
        counts.waiting ? h('button', { type: 'button', id: 'sync', onclick: () => sync(true) }, T('Kirim sekarang', 'Send now')) : null,
        done.length ? h('button', { type: 'button', class: 'secondary', id: 'clear-sent', onclick: () => clearSent(done) },
          T('Bersihkan yang sudah terkirim', 'Clear the sent items')) : null),
      h('h2', {}, T('Isi lembar pertemuan', 'Fill a meeting sheet')),
      groups.length
        ? h('ul', { class: 'plain', id: 'groups' }, groups.map((g) => h('li', { class: 'card' },
          h('a', { href: '#sheet/' + g.institution_id + '/' + g.id }, g.name),
          h('span', { class: 'muted' }, ' · ' + g.institution + ' · ' + g.members.filter((m) => !m.left_on).length + T(' anggota', ' members')))))
        : h('p', { class: 'muted' }, pack
          ? T('Anda tidak mencatat pertemuan KSM mana pun.', 'You do not record meetings for any KSM.')
          : T('Tekan "Siapkan untuk lapangan" saat ada sinyal.', 'Press "Prepare for the field" while online.')),
      pack && pack.institutions.length
        ? h('p', {}, h('a', { class: 'button secondary', href: '#complaint', id: 'write-complaint' }, T('Tulis pengaduan warga', 'Write a citizen\'s complaint')))
        : null,
      pack ? prepareCard : null);
  }

  function clearSent(done) {
    Promise.all(done.map((i) => deleteItem(i.key))).then(changed);
  }

  async function prepare() {
    note = { kind: 'muted', text: T('Mengambil data…', 'Fetching…') };
    await render();
    let res;
    try {
      res = await fetch('/field/pack', { credentials: 'same-origin', cache: 'no-store' });
    } catch (e) {
      note = { kind: 'warn', text: T('Tidak ada sinyal. Coba lagi saat ada sinyal.', 'No signal. Try again when online.') };
      return render();
    }
    if (res.status === 401) {
      note = { kind: 'warn', text: T('Masuk dulu, lalu siapkan lagi.', 'Log in first, then prepare again.') };
      return render().then(() => root.prepend(loginLink()));
    }
    if (!res.ok) {
      note = { kind: 'warn', text: T('Server gagal (kode ', 'The server failed (code ') + res.status + T('). Coba lagi nanti.', '). Try again later.') };
      return render();
    }
    const pack = await res.json();
    try {
      await putPack(pack);
    } catch (e) {
      note = { kind: 'warn', text: storageFullText() };
      return render();
    }
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
    const members = pack.groups.reduce((n, g) => n + g.members.filter((m) => !m.left_on).length, 0);
    const clock = localDate(new Date()) !== pack.today
      ? T(' Tanggal di ponsel (' + showDate(localDate(new Date())) + ') berbeda dengan server (' + showDate(pack.today) + '): periksa pengaturan tanggal ponsel.',
        ' The phone\'s date (' + showDate(localDate(new Date())) + ') differs from the server\'s (' + showDate(pack.today) + '): check the phone\'s date setting.')
      : '';
    note = { kind: clock ? 'warn' : 'flash', text: T('Siap: ', 'Ready: ') + pack.groups.length + ' KSM, ' + members + T(' anggota.', ' members.') + clock };
    return render();
  }

  function loginLink() {
    return h('p', { class: 'warn', id: 'login-needed' }, T('Sesi berakhir. ', 'The session has ended. '),
      h('a', { href: '/login?next=/field' }, T('Masuk lagi', 'Log in again')),
      T(' untuk mengirim; semua yang menunggu tetap di ponsel.', ' to send; everything waiting stays on the phone.'));
  }

  const storageFullText = () => T(
    'Penyimpanan ponsel penuh: isian TIDAK tersimpan. Kosongkan ruang (hapus foto/video), lalu tekan Simpan lagi; isian di layar tetap ada.',
    'The phone\'s storage is full: the entries were NOT saved. Free some space (delete photos/videos), then press Save again; the entries on screen are kept.');

  async function storageWarning() {
    if (!navigator.storage || !navigator.storage.estimate) return null;
    try {
      const e = await navigator.storage.estimate();
      if (e.quota && e.quota - e.usage < LOW_STORAGE) {
        return h('p', { class: 'warn', id: 'storage-low' }, T(
          'Penyimpanan ponsel hampir penuh. Kosongkan ruang sebelum mengisi, agar isian dapat disimpan.',
          'The phone\'s storage is nearly full. Free some space before filling in, so the entries can be saved.'));
      }
    } catch (e) { /* no estimate: nothing to warn about */ }
    return null;
  }

  // ---------- the collection sheet ----------
  function dueOn(group, memberId, day) {
    const rows = group.dues.filter((d) => d[0] === memberId);
    if (!rows.length) return null;
    return rows.filter((d) => d[1] <= day).reduce((n, d) => n + d[2], 0);
  }

  function sheetForm(pack, group, item) {
    const labels = pack.labels;
    const today = localDate(new Date());
    const body = item ? item.body : null;
    const form = h('form', { class: 'stack sheet', novalidate: true, id: 'sheet-form' });
    const date = h('input', { type: 'date', id: 'held_on', name: 'held_on', value: body ? body.held_on : today, max: today });
    const membersBox = h('div', {});
    const amountNames = ['wajib', 'sukarela', 'tanggung_renteng'];

    // Values already typed survive a change of date, as on the online sheet.
    function typed() {
      const out = {};
      for (const el of form.querySelectorAll('[data-member]')) {
        const id = el.dataset.member;
        out[id] = out[id] || {};
        if (el.type === 'radio') { if (el.checked) out[id].attendance = el.value; } else out[id][el.dataset.col] = el.value;
      }
      return out;
    }

    function drawMembers(previous) {
      const day = date.value || today;
      membersBox.replaceChildren(...group.members.filter((m) => activeOn(m, day)).map((m) => {
        const prev = previous[m.id] || {};
        const due = dueOn(group, m.id, day);
        const fromItem = body ? body.lines.find((l) => l.member_id === m.id) : null;
        const value = (col, fallback) => (prev[col] !== undefined ? prev[col] : fromItem ? fromItem[col] : fallback);
        const attendance = value('attendance', 'hadir');
        return h('div', { class: 'card member' },
          h('strong', {}, m.name), ' ', h('span', { class: 'muted' }, label(labels.roles, m.role)),
          h('div', { class: 'att', role: 'radiogroup', 'aria-label': T('Kehadiran', 'Attendance') },
            labels.attendance.map(([code, word]) => h('label', { class: 'radio' },
              h('input', { type: 'radio', name: 'm' + m.id + '_att', value: code, checked: attendance === code, 'data-member': m.id }), word))),
          h('div', { class: 'amounts' },
            amountNames.map((col) => h('label', {}, h('span', {}, labels.savings[col]),
              h('input', { inputmode: 'numeric', name: 'm' + m.id + '_' + col, 'data-member': m.id, 'data-col': col,
                'aria-label': m.name + ' ' + labels.savings[col],
                value: value(col, col === 'wajib' ? thousands(group.routine_amount) : '') }))),
            due === null ? null : h('label', {}, h('span', {}, T('Angsuran', 'Instalment')),
              h('input', { inputmode: 'numeric', name: 'm' + m.id + '_instalment', 'data-member': m.id, 'data-col': 'instalment',
                'aria-label': m.name + ' ' + T('angsuran', 'instalment'), value: value('instalment', due > 0 ? thousands(due) : '') }))),
          h('p', { class: 'field-error', id: 'err-' + m.id }));
      }));
    }
    date.addEventListener('change', () => drawMembers(typed()));
    drawMembers({});

    const area = (name, text, rows) => h('label', {}, text, h('textarea', { name, id: name, rows }, body ? body[name] || '' : ''));
    const num = (name, text) => h('label', {}, text, h('input', { type: 'number', min: 0, max: 50, name, id: name, value: body ? body[name] || '' : '' }));
    const error = h('p', { class: 'field-error', id: 'sheet-error', role: 'alert' });
    form.append(
      h('div', { class: 'card' }, h('label', { for: 'held_on' }, T('Tanggal pertemuan', 'Meeting date')), date,
        h('p', { class: 'muted' }, T('Rutin per anggota: ', 'Routine per member: '), rupiah(group.routine_amount))),
      membersBox,
      h('div', { class: 'card' },
        area('agenda', T('Agenda (satu per baris)', 'Agenda (one item per line)'), 3),
        num('agenda_planned', T('Jumlah agenda direncanakan', 'Agenda items planned')),
        num('agenda_done', T('Jumlah agenda terlaksana', 'Agenda items done')),
        area('notes', T('Catatan / notulen', 'Notes / minutes'), 4),
        error,
        h('button', { type: 'submit', id: 'save-sheet' }, T('Simpan di ponsel', 'Save on the phone')),
        h('a', { class: 'button secondary', href: '#' }, T('Batal', 'Cancel'))));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const day = date.value;
      const problems = [];
      if (!day) problems.push(T('Isi tanggal pertemuan.', 'Fill in the meeting date.'));
      else if (day > localDate(new Date())) problems.push(T('Tanggal pertemuan di masa depan: periksa tanggalnya dan tanggal di ponsel.', 'The meeting date is in the future: check it and the phone\'s date.'));
      for (const el of form.querySelectorAll('input[data-col]')) {
        const bad = el.value.trim() !== '' && !/^(rp\.?\s*)?[0-9][0-9.\s]*$/i.test(el.value.trim());
        el.classList.toggle('invalid', bad);
        if (bad) problems.push(el.getAttribute('aria-label') + ': ' + T('tulis angka rupiah, mis. 10.000.', 'write an amount in rupiah, e.g. 10.000.'));
      }
      error.textContent = problems.join(' ');
      if (problems.length) return;
      const values = typed();
      const members = group.members.filter((m) => activeOn(m, day));
      const sheet = {
        held_on: day,
        agenda: form.agenda.value, agenda_planned: form.agenda_planned.value, agenda_done: form.agenda_done.value, notes: form.notes.value,
        lines: members.map((m) => ({
          member_id: m.id,
          attendance: values[m.id].attendance || '',
          wajib: values[m.id].wajib || '', sukarela: values[m.id].sukarela || '', tanggung_renteng: values[m.id].tanggung_renteng || '',
          instalment: values[m.id].instalment || '',
        })),
      };
      const names = {};
      for (const m of group.members) names[m.id] = m.name;
      const saved = Object.assign(item || { key: newKey(), user: pack.username, tries: 0 }, {
        kind: 'sheet', institution_id: group.institution_id, ksm_id: group.id, body: sheet, names,
        savings_labels: labels.savings, title: group.name + ' · ' + showDate(day),
        saved_at: new Date().toISOString(), status: 'waiting', reply: null, last_error: '',
      });
      await saveItem(saved, error);
    });
    return form;
  }

  async function saveItem(item, error) {
    try {
      await putItem(item);
    } catch (e) {
      error.textContent = storageFullText();
      return;
    }
    note = { kind: 'flash', text: T('Tersimpan di ponsel: ', 'Saved on the phone: ') + item.title + T('. Menunggu dikirim.', '. Waiting to send.') };
    history.pushState(null, '', '/field');
    await changed();
    window.scrollTo(0, 0);
    sync(false);
  }

  // ---------- a complaint written in the field ----------
  function complaintForm(pack, item) {
    const labels = pack.labels;
    const body = item ? item.body : {};
    const today = localDate(new Date());
    const select = (name, text, pairs, value) => h('label', {}, text,
      h('select', { name, id: name }, pairs.map(([code, word]) => h('option', { value: code, selected: code === value }, word))));
    const error = h('p', { class: 'field-error', id: 'complaint-error', role: 'alert' });
    const form = h('form', { class: 'stack', novalidate: true, id: 'complaint-form' },
      h('div', { class: 'card' },
        select('institution_id', T('Ditujukan ke lembaga', 'To the institution'), pack.institutions.map((i) => [String(i.id), i.name]),
          item ? String(item.institution_id) : ''),
        select('kind', T('Jenis pengaduan', 'Kind of complaint'), labels.complaint_kinds, body.kind || 'problem'),
        select('category', T('Kategori', 'Category'), labels.categories, body.category || 'other'),
        h('label', {}, T('Isi pengaduan', 'Complaint'), h('textarea', { name: 'content', id: 'content', rows: 5, maxlength: labels.content_max }, body.content || '')),
        h('label', {}, T('Nama pelapor (boleh kosong)', 'Complainant\'s name (may be empty)'), h('input', { name: 'name', id: 'name', value: body.name || '' })),
        h('label', {}, T('Kontak untuk jawaban (tidak pernah tampil di publik)', 'Contact for the answer (never shown in public)'), h('input', { name: 'contact', id: 'contact', value: body.contact || '' })),
        h('label', {}, T('Tanggal diterima', 'Date received'), h('input', { type: 'date', name: 'received_on', id: 'received_on', value: body.received_on || today, max: today })),
        error,
        h('button', { type: 'submit', id: 'save-complaint' }, T('Simpan di ponsel', 'Save on the phone')),
        h('a', { class: 'button secondary', href: '#' }, T('Batal', 'Cancel'))));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const content = form.content.value.trim();
      if (content.length < labels.content_min) {
        error.textContent = T('Tulis isi pengaduan, paling sedikit ' + labels.content_min + ' huruf.', 'Write the complaint, at least ' + labels.content_min + ' characters.');
        return;
      }
      const institution = pack.institutions.find((i) => String(i.id) === form.institution_id.value);
      const saved = Object.assign(item || { key: newKey(), user: pack.username, tries: 0 }, {
        kind: 'complaint', institution_id: institution.id,
        body: { kind: form.kind.value, category: form.category.value, content, name: form.name.value, contact: form.contact.value,
          received_on: form.received_on.value, channel: '', addressed_to: '' },
        title: T('Pengaduan untuk ', 'Complaint to ') + institution.name,
        saved_at: new Date().toISOString(), status: 'waiting', reply: null, last_error: '',
      });
      await saveItem(saved, error);
    });
    return form;
  }

  // ---------- sending ----------
  let sending = false;
  function payload(item) {
    if (item.kind === 'sheet') {
      return { kind: 'sheet', institution_id: item.institution_id, ksm_id: item.ksm_id, sheet: Object.assign({}, item.body, { idem_key: item.key }) };
    }
    return { kind: 'complaint', institution_id: item.institution_id, complaint: Object.assign({}, item.body, { idem_key: item.key }) };
  }

  async function sendAll() {
    let who;
    try {
      const res = await fetch('/field/session', { credentials: 'same-origin', cache: 'no-store' });
      if (res.status === 401) return 'login';
      if (!res.ok) return 'server';
      who = await res.json();
    } catch (e) {
      return 'offline';
    }
    const items = (await allItems()).filter((i) => i.status === 'waiting' && i.user === who.username);
    for (const queued of items) {
      // Another tab may have sent it meanwhile: read it again inside the lock.
      const item = await getItem(queued.key);
      if (!item || item.status !== 'waiting') continue;
      item.tries = (item.tries || 0) + 1;
      await putItem(item);
      let res;
      try {
        res = await fetch('/field/sync', {
          method: 'POST', credentials: 'same-origin', cache: 'no-store',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': who.csrf },
          body: JSON.stringify(payload(item)),
        });
      } catch (e) {
        item.last_error = T('Belum terkirim: sinyal putus. Dicoba lagi otomatis.', 'Not sent yet: the signal dropped. Retrying by itself.');
        await putItem(item);
        return 'offline';
      }
      if (res.status === 401) return 'login';
      let reply = null;
      try { reply = await res.json(); } catch (e) { reply = null; }
      if (!res.ok || !reply || !reply.status) {
        // The server could not decide: the item waits and is sent again later, with the same key.
        item.last_error = T('Belum terkirim: server menjawab ', 'Not sent yet: the server answered ') + res.status + '. '
          + ((reply && (reply.detail || reply.title)) || '') + T(' Dicoba lagi otomatis.', ' Retrying by itself.');
        await putItem(item);
        if (res.status === 403) return 'server';
        continue;
      }
      item.status = reply.status;
      item.reply = reply;
      item.last_error = '';
      item.answered_at = new Date().toISOString();
      await putItem(item);
      await changed();
    }
    return 'done';
  }

  async function sync(byHand) {
    if (sending) return;
    if (!byHand && !(await allItems()).some((i) => i.status === 'waiting')) return;
    sending = true;
    try {
      const run = () => sendAll();
      const outcome = navigator.locks ? await navigator.locks.request('swadaya-sync', run) : await run();
      // An automatic attempt without signal says nothing: the badges already show it.
      if (byHand || outcome === 'login' || outcome === 'server') {
        const words = {
          done: ['flash', T('Pengiriman selesai.', 'Sending finished.')],
          offline: ['warn', T('Tidak ada sinyal. Semua tetap menunggu di ponsel dan dikirim otomatis nanti.', 'No signal. Everything stays waiting on the phone and is sent by itself later.')],
          server: ['warn', T('Server belum dapat menerima. Dicoba lagi otomatis.', 'The server cannot accept yet. Retrying by itself.')],
          login: ['warn', ''],
        };
        note = { kind: words[outcome][0], text: words[outcome][1] };
        await changed();
        if (outcome === 'login' && !editing()) root.prepend(loginLink());
      }
    } finally {
      sending = false;
    }
  }

  // ---------- drawing ----------
  async function render() {
    let pack = null;
    let items = [];
    try {
      pack = await getPack();
      items = await allItems();
    } catch (e) {
      root.replaceChildren(h('p', { class: 'warn' }, T(
        'Ponsel ini tidak mengizinkan penyimpanan (mode penyamaran?). Buka Swadaya di jendela biasa.',
        'This browser does not allow storage (private mode?). Open Swadaya in a normal window.')));
      return;
    }
    const me = pack ? pack.username : '';
    const route = location.hash.slice(1).split('/');
    let view;
    if (route[0] === 'sheet' && pack) {
      const group = pack.groups.find((g) => String(g.institution_id) === route[1] && String(g.id) === route[2]);
      view = group ? h('div', {}, h('h2', {}, group.name), await storageWarning(), sheetForm(pack, group, null)) : null;
    } else if (route[0] === 'edit' && pack) {
      const item = items.find((i) => i.key === route[1]);
      const group = item && item.kind === 'sheet' ? pack.groups.find((g) => g.institution_id === item.institution_id && g.id === item.ksm_id) : null;
      if (item && item.kind === 'complaint') view = h('div', {}, h('h2', {}, item.title), complaintForm(pack, item));
      else if (group) view = h('div', {}, h('h2', {}, group.name), sheetForm(pack, group, item));
    } else if (route[0] === 'complaint' && pack) {
      view = h('div', {}, h('h2', {}, T('Pengaduan warga', 'A citizen\'s complaint')), await storageWarning(), complaintForm(pack, null));
    }
    const shown = note;
    note = null;
    const top = header(pack);
    if (shown) top.append(h('p', { class: shown.kind, role: 'status', id: 'note' }, shown.text));
    root.replaceChildren(top, view || await home(pack, items, me));
  }

  window.addEventListener('hashchange', () => render().then(() => window.scrollTo(0, 0)));
  window.addEventListener('online', () => { refresh().then(() => sync(false)); });
  window.addEventListener('offline', refresh);
  setInterval(() => {
    if (document.visibilityState === 'visible') allItems().then((items) => { if (items.some((i) => i.status === 'waiting')) sync(false); });
  }, RETRY_MS);
  render().then(() => sync(false));
})();
