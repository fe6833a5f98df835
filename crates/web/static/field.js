// Swadaya field mode. Fills KSM collection sheets and complaints with no signal, keeps them in
// an outbox on the phone (IndexedDB) and sends each one once when the signal returns. The server
// decides every conflict; this script never changes what is already recorded.
// No framework and no build step: this file is served as written.
(function () {
  'use strict';

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
  // Reads, changes and writes one item in a single transaction, so two tabs (or a send and an
  // edit) never overwrite each other. `change` returns the new item, or null to leave it.
  function update(key, change) {
    return openDb().then((db) => new Promise((resolve, reject) => {
      const t = db.transaction('outbox', 'readwrite');
      const s = t.objectStore('outbox');
      let out = null;
      const req = s.get(key);
      req.onsuccess = () => {
        out = change(req.result);
        if (out) s.put(out);
      };
      t.oncomplete = () => resolve(out);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    }));
  }
  // Only what never reached the server (or was refused by it) may change on the phone.
  const editable = (item) => item.status === 'refused' || (item.status === 'waiting' && !item.tries);

  // Logging out leaves nobody's personal data on the phone, and nothing unsent is lost: the pack
  // and the sent items go; waiting and refused items stay (shown by title only) for their owner.
  function forget() {
    return openDb().then((db) => new Promise((resolve) => {
      const t = db.transaction(['meta', 'outbox'], 'readwrite');
      t.objectStore('meta').delete('pack');
      const req = t.objectStore('outbox').getAll();
      req.onsuccess = () => req.result
        .filter((i) => i.status === 'sent' || i.status === 'proposed')
        .forEach((i) => t.objectStore('outbox').delete(i.key));
      t.oncomplete = resolve;
      t.onerror = resolve;
      t.onabort = resolve;
    }));
  }
  for (const form of document.querySelectorAll('form[action="/logout"]')) {
    form.addEventListener('submit', (ev) => {
      if (!('indexedDB' in window) || form.dataset.forgotten) return;
      ev.preventDefault();
      forget().finally(() => {
        form.dataset.forgotten = '1';
        form.submit();
      });
    });
  }

  // The online meeting sheet: amounts nobody typed follow the attendance, as on the phone. The
  // server applies the same rule to a sheet sent without this script (ksm::amount_entered).
  for (const sheet of document.querySelectorAll('form.sheet')) {
    sheet.addEventListener('input', (ev) => {
      const el = ev.target;
      if (el.type === 'radio' || el.dataset.proposed === undefined) return;
      delete el.dataset.proposed;
      const kept = sheet.querySelector('input[type=hidden][name="' + el.name + '_proposed"]');
      if (kept) kept.value = '';
    });
    sheet.addEventListener('change', (ev) => {
      const el = ev.target;
      if (el.type !== 'radio') return;
      for (const input of el.closest('.member').querySelectorAll('input[data-proposed]')) {
        input.value = el.value === 'hadir' ? input.dataset.proposed : '';
      }
    });
  }

  // Reads an amount as the server does (domain::money::Rupiah::parse): 10.000, 10,000, Rp 10.000,
  // 1.500.000,00. crates/domain/cases/amounts.txt is the table both are tested against. The
  // rupiah, or null when the text is not an amount.
  function parseRupiah(input) {
    let s = String(input).trim();
    // The books' accounting form, "(Rp 5.000)", is a negative amount.
    if (s.startsWith('(') && s.endsWith(')')) {
      // Brackets and a minus sign together ("(Rp -5.000)") say two things: refused.
      const inner = s.slice(1, -1).trim();
      const v = inner.startsWith('(') ? null : parseRupiah(inner);
      return v === null || v < 0 ? null : -v;
    }
    for (const prefix of ['Rp.', 'Rp', 'rp']) {
      if (s.startsWith(prefix)) { s = s.slice(prefix.length); break; }
    }
    s = s.trim();
    if (!s) return null;
    const negative = s.startsWith('-');
    if (negative) s = s.slice(1).trim();
    for (const cents of [',00', ',0', '.00']) {
      if (!s.endsWith(cents)) continue;
      const rest = s.slice(0, -cents.length);
      if (cents === '.00' && rest.includes('.')) continue;
      s = rest;
      break;
    }
    if (!s) return null;
    const groups = s.split(/[.,]/);
    if (groups.length > 1) {
      const seps = s.replace(/[^.,]/g, '');
      const mixed = [...seps].some((c) => c !== seps[0]);
      const grouped = groups[0].length > 0 && groups[0].length <= 3 && groups.slice(1).every((g) => g.length === 3);
      if (mixed || !grouped) return null;
    }
    const digits = groups.join('');
    if (!/^[0-9]+$/.test(digits) || !Number.isSafeInteger(Number(digits))) return null;
    return negative ? -Number(digits) : Number(digits);
  }
  // For the test that reads the shared table in a browser.
  window.swadayaParseRupiah = parseRupiah;

  // A long text shows how much of its limit is used. Nothing is cut as it is typed or pasted:
  // the limit is checked on saving, with the count, and the text is kept to be shortened.
  const letters = (text) => [...text.replace(/\r\n/g, '\n')].length;
  const count = (n) => n.toLocaleString(lang === 'en' ? 'en-US' : 'id-ID');
  function counter(area) {
    const max = Number(area.dataset.max);
    const out = document.createElement('span');
    out.className = 'counter';
    out.id = area.id + '-count';
    out.setAttribute('aria-live', 'polite');
    area.insertAdjacentElement('afterend', out);
    const show = () => {
      const n = letters(area.value);
      out.textContent = count(n) + ' / ' + count(max) + T(' karakter', ' characters') +
        (n > max ? T(': terlalu panjang, persingkat ' + count(n - max) + ' karakter', ': too long, shorten by ' + count(n - max)) : '');
      out.classList.toggle('over', n > max);
    };
    area.addEventListener('input', show);
    show();
  }
  for (const area of document.querySelectorAll('textarea[data-max]')) counter(area);

  const root = document.getElementById('field');
  if (!root) return;
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }

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
  // The prefix tells the server the sheet came from field mode (store::ksm::FIELD_KEY_PREFIX).
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
  // The logged-in user as the server last said (null: not asked, or no signal since the page opened).
  let who = null;
  const owner = (pack) => (who ? who.username : pack ? pack.username : '');
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
  function outboxCounts(items, me) {
    const mine = (status) => items.filter((i) => i.status === status && i.user === me).length;
    return { waiting: mine('waiting'), refused: mine('refused') };
  }

  // Another user's item: its title and whose it is, nothing of its content.
  function othersItem(item) {
    return h('li', { class: 'card outbox-item other ' + item.status, 'data-key': item.key },
      h('p', {}, h('strong', {}, item.title)),
      h('p', { class: 'warn' }, item.status === 'refused'
        ? T('Milik ' + item.user + '; ditolak server, ' + item.user + ' perlu memperbaikinya setelah masuk di ponsel ini.',
          'Belongs to ' + item.user + '; refused by the server, ' + item.user + ' needs to fix it after logging in on this phone.')
        : T('Milik ' + item.user + '; dikirim setelah ' + item.user + ' masuk di ponsel ini.',
          'Belongs to ' + item.user + '; sent once ' + item.user + ' logs in on this phone.')));
  }

  function itemView(item, me) {
    if (item.user !== me) return othersItem(item);
    const badges = {
      waiting: ['wait', T('Menunggu dikirim', 'Waiting to send')],
      sent: ['ok', T('Terkirim', 'Sent')],
      proposed: ['wait', T('Menjadi usulan koreksi', 'Became a proposed correction')],
      refused: ['bad', T('Ditolak', 'Refused')],
    };
    const [cls, word] = badges[item.status] || badges.waiting;
    const reply = item.reply || {};
    const fieldName = (f) => fieldLabel(item, f);
    return h('li', { class: 'card outbox-item ' + item.status, 'data-key': item.key },
      h('p', {}, h('span', { class: 'badge ' + cls }, word), ' ', h('strong', {}, item.title)),
      h('p', { class: 'muted' }, T('Disimpan di ponsel ', 'Saved on the phone '), showTime(item.saved_at)),
      item.last_error && item.status === 'waiting' ? h('p', { class: 'muted' }, item.last_error) : null,
      reply.message ? h('p', { class: item.status === 'refused' ? 'errors' : '' }, reply.message) : null,
      reply.errors && reply.errors.length
        ? h('ul', { class: 'errors' }, reply.errors.map((e) => h('li', {}, fieldName(e.field) + ': ' + e.message)))
        : null,
      reply.advice ? h('p', {}, h('strong', {}, T('Yang perlu dilakukan: ', 'What to do: ')), reply.advice) : null,
      h('div', { class: 'actions' },
        reply.link && navigator.onLine ? h('a', { class: 'button secondary', href: reply.link }, T('Buka', 'Open')) : null,
        editable(item) ? h('a', { class: 'button secondary', href: '#edit/' + item.key }, T('Ubah', 'Change')) : null,
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
      complaint_kind: T('Jenis pengaduan', 'Kind of complaint'), name: T('Nama pelapor', 'Complainant\'s name'),
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

  // Someone else is logged in than the user this phone was prepared for: they must prepare as
  // themselves before filling anything, so nothing is sent under another person's name.
  const stranger = (pack) => Boolean(pack && who && who.username !== pack.username);
  function strangerWarning(pack) {
    if (!stranger(pack)) return null;
    return h('p', { class: 'warn', id: 'stranger' }, T(
      'Anda masuk sebagai ' + who.username + ', tetapi data lapangan di ponsel ini disiapkan untuk ' + pack.username + '. Tekan "Siapkan ulang untuk lapangan" sebelum mengisi.',
      'You are logged in as ' + who.username + ', but this phone\'s field data was prepared for ' + pack.username + '. Press "Prepare for the field again" before filling in.'));
  }

  async function home(pack, items, me) {
    const counts = outboxCounts(items, me);
    const groups = pack ? pack.groups : [];
    const done = items.filter((i) => i.status === 'sent' || i.status === 'proposed');
    const prepareCard = h('div', { class: 'card' },
      h('button', { type: 'button', id: 'prepare', class: pack ? 'secondary' : '', onclick: prepare },
        pack ? T('Siapkan ulang untuk lapangan', 'Prepare for the field again') : T('Siapkan untuk lapangan', 'Prepare for the field')),
      h('p', { class: 'muted' }, T(
        'Saat ada sinyal: mengambil KSM Anda, anggotanya, setoran rutin dan angsuran jatuh tempo ke ponsel ini.',
        'While online: stores your KSMs, their members, routine amounts and instalments due on this phone.')));
    // A prepared phone shows its outbox first; an empty one, how to start.
    // What needs the user comes first (refused, then waiting), newest first; sent items below.
    const rank = { refused: 0, waiting: 1 };
    const shown = [...items].sort((a, b) => ((rank[a.status] ?? 2) - (rank[b.status] ?? 2)) || (a.saved_at < b.saved_at ? 1 : -1));
    return h('div', {},
      pack ? null : prepareCard,
      strangerWarning(pack),
      h('h2', {}, T('Kotak keluar', 'Outbox'), ' ', h('span', { class: 'badge', id: 'waiting-count' }, counts.waiting + ' ' + T('menunggu', 'waiting')),
        counts.refused ? [' ', h('span', { class: 'badge bad', id: 'refused-count' }, counts.refused + ' ' + T('ditolak, perlu tindakan', 'refused, need action'))] : null),
      items.length
        ? h('ul', { class: 'outbox', id: 'outbox' }, shown.map((i) => itemView(i, me)))
        : h('p', { class: 'muted', id: 'outbox' }, T('Tidak ada yang menunggu.', 'Nothing is waiting.')),
      h('div', { class: 'actions' },
        counts.waiting ? h('button', { type: 'button', id: 'sync', onclick: () => sync(true) }, T('Kirim sekarang', 'Send now')) : null,
        done.length ? h('button', { type: 'button', class: 'secondary', id: 'clear-sent', onclick: () => clearSent(done) },
          T('Bersihkan yang sudah terkirim', 'Clear the sent items')) : null),
      h('h2', {}, T('Isi lembar pertemuan', 'Fill a meeting sheet')),
      groups.length && !stranger(pack)
        ? h('ul', { class: 'plain', id: 'groups' }, groups.map((g) => h('li', { class: 'card' },
          h('a', { href: '#sheet/' + g.institution_id + '/' + g.id }, g.name),
          h('span', { class: 'muted' }, ' · ' + g.institution + ' · ' + g.members.filter((m) => !m.left_on).length + T(' anggota', ' members')))))
        : h('p', { class: 'muted' }, pack
          ? T('Anda tidak mencatat pertemuan KSM mana pun.', 'You do not record meetings for any KSM.')
          : T('Tekan "Siapkan untuk lapangan" saat ada sinyal.', 'Press "Prepare for the field" while online.')),
      pack && pack.institutions.length && !stranger(pack)
        ? h('p', {}, h('a', { class: 'button secondary', href: '#complaint', id: 'write-complaint' }, T('Tulis pengaduan warga', 'Write a citizen\'s complaint')))
        : null,
      pack ? prepareCard : null);
  }

  function clearSent(done) {
    const ask = T(
      'Hapus ' + done.length + ' item yang sudah terkirim dari ponsel? Semuanya sudah tercatat di server; catat dulu kode lacak pengaduan yang masih perlu diberikan kepada pelapor.',
      'Remove ' + done.length + ' sent items from the phone? All are recorded on the server; note down any complaint tracking code you still need to give to the complainant.');
    if (window.confirm(ask)) Promise.all(done.map((i) => deleteItem(i.key))).then(changed);
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
    let pack;
    try {
      pack = await res.json();
    } catch (e) {
      note = { kind: 'warn', text: T(
        'Jawaban bukan dari Swadaya (jaringan wifi yang meminta masuk dulu?). Buka peramban, lalu coba lagi.',
        'The answer did not come from Swadaya (a wifi network asking to sign in first?). Open the browser, then try again.') };
      return render();
    }
    try {
      who = { username: pack.username };
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

    // The values on the form; with `touchedOnly`, just what the user changed, which survives a
    // change of date while the prefilled amounts (routine, instalment due) follow the new date.
    function typed(touchedOnly) {
      const out = {};
      for (const el of form.querySelectorAll('[data-member]')) {
        const id = el.dataset.member;
        out[id] = out[id] || {};
        if (touchedOnly && !el.dataset.touched) continue;
        if (el.type === 'radio') { if (el.checked) out[id].attendance = el.value; } else out[id][el.dataset.col] = el.value;
      }
      return out;
    }
    // What the sheet proposes before anyone types: the routine saving, and the instalment due on
    // the meeting date; nothing for a member not present (excused or absent).
    function prefill(memberId, col, day, attendance) {
      if (attendance && attendance !== 'hadir') return '';
      if (col === 'wajib') return thousands(group.routine_amount);
      if (col === 'instalment') {
        const due = dueOn(group, memberId, day);
        return due > 0 ? thousands(due) : '';
      }
      return '';
    }
    const touch = (ev) => {
      const el = ev.target;
      if (el.type !== 'radio') {
        el.dataset.touched = '1';
        return;
      }
      form.querySelectorAll('input[name="' + el.name + '"]').forEach((r) => { r.dataset.touched = '1'; });
      // Amounts nobody typed follow the attendance: an absent member pays nothing unless entered.
      for (const input of form.querySelectorAll('input[data-member="' + el.dataset.member + '"][data-col]')) {
        if (!input.dataset.touched) input.value = prefill(Number(el.dataset.member), input.dataset.col, date.value || today, el.value);
      }
    };

    function drawMembers(previous) {
      const day = date.value || today;
      membersBox.dataset.day = day;
      membersBox.replaceChildren(...group.members.filter((m) => activeOn(m, day)).map((m) => {
        const prev = previous[m.id] || {};
        const due = dueOn(group, m.id, day);
        // What was entered (now, or in the item being changed) stays whatever the date; the rest
        // is prefilled for the date shown.
        const fromItem = body ? body.lines.find((l) => l.member_id === m.id) : null;
        const entered = (col) => (prev[col] !== undefined ? prev[col] : fromItem ? fromItem[col] : undefined);
        const attendance = entered('attendance') || 'hadir';
        const value = (col) => (entered(col) !== undefined ? entered(col) : prefill(m.id, col, day, attendance));
        const mark = (col) => (entered(col) !== undefined ? '1' : null);
        return h('div', { class: 'card member' },
          h('strong', {}, m.name), ' ', h('span', { class: 'muted' }, label(labels.roles, m.role)),
          h('div', { class: 'att', role: 'radiogroup', 'aria-label': T('Kehadiran', 'Attendance') },
            labels.attendance.map(([code, word]) => h('label', { class: 'radio' },
              h('input', { type: 'radio', name: 'm' + m.id + '_att', value: code, checked: attendance === code, 'data-member': m.id,
                'data-touched': mark('attendance'), onchange: touch }), word))),
          h('div', { class: 'amounts' },
            amountNames.map((col) => h('label', {}, h('span', {}, labels.savings[col]),
              h('input', { inputmode: 'numeric', name: 'm' + m.id + '_' + col, 'data-member': m.id, 'data-col': col,
                'aria-label': m.name + ' ' + labels.savings[col], oninput: touch, 'data-touched': mark(col), value: value(col) }))),
            due === null ? null : h('label', {}, h('span', {}, T('Angsuran', 'Instalment')),
              h('input', { inputmode: 'numeric', name: 'm' + m.id + '_instalment', 'data-member': m.id, 'data-col': 'instalment',
                oninput: touch, 'data-touched': mark('instalment'),
                'aria-label': m.name + ' ' + T('angsuran', 'instalment'), value: value('instalment') }))),
          h('p', { class: 'field-error', id: 'err-' + m.id }));
      }));
    }
    date.addEventListener('change', () => drawMembers(typed(true)));
    drawMembers({});
    // A refused item opens with the server's reasons where they belong.
    const reasons = [];
    for (const e of (item && item.reply && item.reply.errors) || []) {
      const line = /^line-(\d+)-(\w+)$/.exec(e.field);
      const input = line && membersBox.querySelector('input[name="m' + line[1] + '_' + line[2] + '"]');
      const box = line && membersBox.querySelector('#err-' + line[1]);
      if (input) input.classList.add('invalid');
      if (box) box.textContent = (box.textContent ? box.textContent + ' ' : '') + e.message;
      else reasons.push(fieldLabel(item, e.field) + ': ' + e.message);
    }
    // Changing an item after preparing again: say which rows the new member list changed.
    const gone = body ? body.lines.filter((l) => !group.members.some((m) => m.id === l.member_id && activeOn(m, body.held_on))) : [];
    const added = body ? group.members.filter((m) => activeOn(m, body.held_on) && !body.lines.some((l) => l.member_id === m.id)) : [];
    const changes = [
      ...gone.map((l) => (item.names || {})[l.member_id] + T(' tidak lagi anggota pada tanggal ini: barisnya dihapus.', ' is no longer a member on this date: the row is removed.')),
      ...added.map((m) => m.name + T(' anggota pada tanggal ini: barisnya ditambahkan, periksa isinya.', ' is a member on this date: the row is added, check it.')),
    ];

    const area = (name, text, rows) => h('label', {}, text, h('textarea', { name, id: name, rows }, body ? body[name] || '' : ''));
    const num = (name, text) => h('label', {}, text, h('input', { type: 'number', min: 0, max: 50, name, id: name, value: body ? body[name] || '' : '' }));
    const error = h('p', { class: 'field-error', id: 'sheet-error', role: 'alert' });
    form.append(
      h('div', { class: 'card' },
        h('p', { class: 'muted' }, T('Mengisi sebagai ', 'Filling in as '), pack.display_name || pack.username),
        changes.length ? h('ul', { class: 'warn', id: 'member-changes' }, changes.map((c) => h('li', {}, c))) : null,
        reasons.length ? h('ul', { class: 'errors', id: 'reasons' }, reasons.map((r) => h('li', {}, r))) : null,
        h('label', { for: 'held_on' }, T('Tanggal pertemuan', 'Meeting date')), date,
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
      // A second tap while this one is still checking must not save a second sheet.
      if (form.dataset.busy) return;
      form.dataset.busy = '1';
      try {
        await saveSheet();
      } finally {
        delete form.dataset.busy;
      }
    });
    async function saveSheet() {
      const day = date.value;
      const problems = [];
      if (!day) problems.push(T('Isi tanggal pertemuan.', 'Fill in the meeting date.'));
      else if (day > localDate(new Date())) problems.push(T('Tanggal pertemuan di masa depan: periksa tanggalnya dan tanggal di ponsel.', 'The meeting date is in the future: check it and the phone\'s date.'));
      for (const el of form.querySelectorAll('input[data-col]')) {
        const amount = parseRupiah(el.value);
        const bad = el.value.trim() !== '' && (amount === null || amount < 0);
        el.classList.toggle('invalid', bad);
        if (bad) problems.push(el.getAttribute('aria-label') + ': ' + T('tulis angka rupiah, mis. 10.000 atau 10,000.', 'write an amount in rupiah, e.g. 10.000 or 10,000.'));
      }
      if (!problems.length && membersBox.dataset.day !== day) {
        drawMembers(typed(true));
        problems.push(T('Daftar anggota diperbarui untuk tanggal ini; periksa lalu simpan lagi.', 'The member list was updated for this date; check it, then save again.'));
      }
      const members = group.members.filter((m) => activeOn(m, day));
      if (!problems.length && !members.length) {
        problems.push(T('KSM ini tidak punya anggota pada tanggal ini: periksa tanggalnya.', 'This KSM has no members on this date: check the date.'));
      }
      error.textContent = problems.join(' ');
      if (problems.length) {
        (form.querySelector('.invalid') || error).scrollIntoView({ block: 'center' });
        return;
      }
      // A second sheet for a meeting already waiting would become a proposed correction: ask.
      const twin = (await allItems()).find((i) => i.kind === 'sheet' && i.key !== (item && item.key) && i.ksm_id === group.id
        && i.institution_id === group.institution_id && i.body.held_on === day && i.status !== 'sent' && i.status !== 'proposed');
      if (twin && !window.confirm(T(
        'Sudah ada lembar KSM ini untuk tanggal yang sama di kotak keluar. Simpan juga? Lembar kedua akan menjadi usulan koreksi untuk diputuskan pengurus.',
        'The outbox already holds this KSM\'s sheet for the same date. Save anyway? The second sheet will become a proposed correction for an officer to decide.'))) return;
      const values = typed(false);
      const sheet = {
        held_on: day,
        agenda: form.agenda.value, agenda_planned: form.agenda_planned.value, agenda_done: form.agenda_done.value, notes: form.notes.value,
        lines: members.map((m) => {
          const v = values[m.id] || {};
          return {
            member_id: m.id, attendance: v.attendance || '',
            wajib: v.wajib || '', sukarela: v.sukarela || '', tanggung_renteng: v.tanggung_renteng || '', instalment: v.instalment || '',
          };
        }),
      };
      const names = {};
      for (const m of group.members) names[m.id] = m.name;
      await saveItem(item ? item.key : newKey(), pack, {
        kind: 'sheet', institution_id: group.institution_id, ksm_id: group.id, body: sheet, names,
        savings_labels: labels.savings, title: group.name + ' · ' + showDate(day),
      }, error, form.querySelector('button[type=submit]'));
    }
    return form;
  }

  // Saves a new item, or a change to one that may still change, in one transaction: an item a
  // send has started on is never overwritten (the server may already hold it).
  async function saveItem(key, pack, fields, error, button) {
    button.disabled = true;
    let late = false;
    let saved;
    try {
      saved = await update(key, (cur) => {
        if (cur && !editable(cur)) {
          late = true;
          return null;
        }
        return Object.assign(cur || { key, user: pack.username, rev: 0 }, fields, {
          status: 'waiting', reply: null, last_error: '', tries: 0, rev: ((cur && cur.rev) || 0) + 1, saved_at: new Date().toISOString(),
        });
      });
    } catch (e) {
      error.textContent = storageFullText();
      button.disabled = false;
      return;
    }
    if (late) {
      error.textContent = T(
        'Item ini sudah mulai dikirim, jadi tidak dapat diubah lagi di ponsel. Setelah terkirim, buat koreksi di halaman pertemuannya. Isian di layar tetap ada.',
        'This item has started sending, so it can no longer change on the phone. Once sent, make a correction on the meeting\'s page. The entries on screen are kept.');
      button.disabled = false;
      return;
    }
    note = { kind: 'flash', text: T('Tersimpan di ponsel: ', 'Saved on the phone: ') + saved.title + T('. Menunggu dikirim.', '. Waiting to send.') };
    // Replaces the form's history entry, so Back cannot bring the filled form back to save twice.
    history.replaceState(null, '', '/field');
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
    const lost = item && !pack.institutions.some((i) => i.id === item.institution_id);
    const reasons = ((item && item.reply && item.reply.errors) || []).map((e) => fieldLabel(item, e.field) + ': ' + e.message);
    const form = h('form', { class: 'stack', novalidate: true, id: 'complaint-form' },
      h('div', { class: 'card' },
        reasons.length ? h('ul', { class: 'errors', id: 'reasons' }, reasons.map((r) => h('li', {}, r))) : null,
        h('p', { class: 'muted' }, T('Mengisi sebagai ', 'Filling in as '), pack.display_name || pack.username),
        lost ? h('p', { class: 'warn' }, T('Lembaga tujuan semula tidak ada lagi di data lapangan Anda: pilih lembaga tujuan.',
          'The institution first chosen is no longer in your field data: choose where it goes.')) : null,
        select('institution_id', T('Ditujukan ke lembaga', 'To the institution'), pack.institutions.map((i) => [String(i.id), i.name]),
          item ? String(item.institution_id) : ''),
        select('kind', T('Jenis pengaduan', 'Kind of complaint'), labels.complaint_kinds, body.kind || 'problem'),
        select('category', T('Kategori', 'Category'), labels.categories, body.category || 'other'),
        h('label', {}, T('Isi pengaduan', 'Complaint'), h('textarea', { name: 'content', id: 'content', rows: 5, 'data-max': labels.content_max }, body.content || '')),
        h('label', {}, T('Nama pelapor (boleh kosong)', 'Complainant\'s name (may be empty)'), h('input', { name: 'name', id: 'name', value: body.name || '' })),
        h('label', {}, T('Kontak untuk jawaban (tidak pernah tampil di publik)', 'Contact for the answer (never shown in public)'), h('input', { name: 'contact', id: 'contact', value: body.contact || '' })),
        h('label', {}, T('Tanggal diterima', 'Date received'), h('input', { type: 'date', name: 'received_on', id: 'received_on', value: body.received_on || today, max: today })),
        error,
        h('button', { type: 'submit', id: 'save-complaint' }, T('Simpan di ponsel', 'Save on the phone')),
        h('a', { class: 'button secondary', href: '#' }, T('Batal', 'Cancel'))));
    counter(form.querySelector('textarea[data-max]'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const content = form.content.value.trim();
      if (content.replace(/[^\p{L}\p{N}]/gu, '').length < labels.content_min) {
        error.textContent = T('Tulis isi pengaduan, paling sedikit ' + labels.content_min + ' huruf.', 'Write the complaint, at least ' + labels.content_min + ' characters.');
        return;
      }
      if (letters(content) > labels.content_max) {
        error.textContent = T('Isi pengaduan ' + thousands(letters(content)) + ' huruf, paling banyak ' + thousands(labels.content_max) + '. Persingkat isinya; teksnya tetap di sini.',
          'The complaint has ' + thousands(letters(content)) + ' characters, at most ' + thousands(labels.content_max) + '. Shorten it; the text stays here.');
        return;
      }
      const institution = pack.institutions.find((i) => String(i.id) === form.institution_id.value);
      await saveItem(item ? item.key : newKey(), pack, {
        kind: 'complaint', institution_id: institution.id,
        body: { kind: form.kind.value, category: form.category.value, content, name: form.name.value, contact: form.contact.value,
          received_on: form.received_on.value, channel: '', addressed_to: '' },
        title: T('Pengaduan untuk ', 'Complaint to ') + institution.name + ': "' + (content.length > 40 ? content.slice(0, 40) + '…' : content) + '"',
      }, error, form.querySelector('button[type=submit]'));
    });
    return form;
  }

  // ---------- sending ----------
  let sending = false;
  const mineWaiting = (i) => i.status === 'waiting' && (!who || i.user === who.username);
  function payload(item) {
    if (item.kind === 'sheet') {
      return { kind: 'sheet', institution_id: item.institution_id, ksm_id: item.ksm_id, sheet: Object.assign({}, item.body, { idem_key: item.key }) };
    }
    return { kind: 'complaint', institution_id: item.institution_id, complaint: Object.assign({}, item.body, { idem_key: item.key }) };
  }

  // A request that hangs on a weak signal is given up after this long (the item waits; a resend
  // with the same key is harmless even if the server did record it).
  const TIMEOUT_MS = 45000;
  function post(url, options) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
    return fetch(url, Object.assign({ credentials: 'same-origin', cache: 'no-store', signal: abort.signal }, options))
      .finally(() => clearTimeout(timer));
  }

  // Answers that will never change by sending again: kept on the phone as refused.
  const FINAL = [400, 404, 405, 413, 415, 422];

  async function sendAll() {
    try {
      const res = await post('/field/session', {});
      if (res.status === 401) return 'login';
      if (!res.ok) return 'server';
      who = await res.json();
    } catch (e) {
      return 'offline';
    }
    const me = who.username;
    const items = (await allItems()).filter((i) => i.status === 'waiting' && i.user === me);
    for (const queued of items) {
      // Marked as tried in the same transaction that checks it still waits: from here on no tab
      // and no edit can change it, since the server may record it.
      const item = await update(queued.key, (cur) => (cur && cur.status === 'waiting' && cur.user === me
        ? Object.assign(cur, { tries: (cur.tries || 0) + 1 }) : null));
      if (!item) continue;
      const remember = (text) => update(item.key, (cur) => (cur && cur.status === 'waiting' ? Object.assign(cur, { last_error: text }) : null));
      let res;
      try {
        res = await post('/field/sync', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': who.csrf },
          body: JSON.stringify(payload(item)),
        });
      } catch (e) {
        await remember(T('Belum terkirim: sinyal putus atau terlalu lemah. Dicoba lagi otomatis.', 'Not sent yet: the signal dropped or is too weak. Retrying by itself.'));
        return 'offline';
      }
      if (res.status === 401 || res.status === 403) {
        // Turned away before the server looked at it: not a try, so it can still be changed.
        await update(item.key, (cur) => (cur && cur.status === 'waiting' ? Object.assign(cur, { tries: item.tries - 1 }) : null));
        return res.status === 401 ? 'login' : 'server';
      }
      let reply = null;
      try { reply = await res.json(); } catch (e) { reply = null; }
      if (FINAL.includes(res.status)) {
        reply = {
          status: 'refused',
          message: T('Server tidak dapat membaca item ini (kode ', 'The server cannot read this item (code ') + res.status + '). '
            + ((reply && (reply.detail || reply.title)) || ''),
          advice: T('Unduh berkasnya dan serahkan kepada pengurus UPK; lalu hapus dari ponsel.', 'Download the file and give it to the UPK officer; then remove it from the phone.'),
          errors: [],
        };
      } else if (!res.ok || !reply || !reply.status) {
        // The server could not decide: the item waits and is sent again later, with the same key.
        await remember(T('Belum terkirim: server menjawab ', 'Not sent yet: the server answered ') + res.status + '. '
          + ((reply && (reply.detail || reply.title)) || '') + T(' Dicoba lagi otomatis.', ' Retrying by itself.'));
        continue;
      }
      await update(item.key, (cur) => (cur && cur.rev === item.rev
        ? Object.assign(cur, { status: reply.status, reply, last_error: '', answered_at: new Date().toISOString() }) : null));
      await changed();
    }
    return 'done';
  }

  async function sync(byHand) {
    if (sending) {
      if (byHand) {
        note = { kind: 'muted', text: T('Sedang mengirim…', 'Sending…') };
        await refresh();
      }
      return;
    }
    if (!byHand && !(await allItems()).some(mineWaiting)) return;
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
        note = outcome === 'login' ? null : { kind: words[outcome][0], text: words[outcome][1] };
        await changed();
        if (outcome === 'login' && !editing()) root.prepend(loginLink());
      } else if (outcome === 'done') {
        await changed();
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
    const me = owner(pack);
    const route = location.hash.slice(1).split('/');
    let view;
    if (stranger(pack) && route[0]) {
      view = h('div', {}, strangerWarning(pack), h('a', { class: 'button secondary', href: '#' }, T('Kembali', 'Back')));
    } else if (route[0] === 'sheet' && pack) {
      const group = pack.groups.find((g) => String(g.institution_id) === route[1] && String(g.id) === route[2]);
      view = group ? h('div', {}, h('h2', {}, group.name), await storageWarning(), sheetForm(pack, group, null)) : null;
    } else if (route[0] === 'edit' && pack) {
      const item = items.find((i) => i.key === route[1] && i.user === me);
      const group = item && item.kind === 'sheet' ? pack.groups.find((g) => g.institution_id === item.institution_id && g.id === item.ksm_id) : null;
      if (item && !editable(item)) {
        view = h('div', {}, h('h2', {}, item.title), h('p', { class: 'warn', id: 'not-editable' }, T(
          'Item ini sudah dikirim (atau sedang dikirim), jadi tidak dapat diubah di ponsel. Perbaiki lewat koreksi di halaman pertemuannya.',
          'This item was sent (or is being sent), so it cannot change on the phone. Fix it with a correction on the meeting\'s page.')),
        h('a', { class: 'button secondary', href: '#' }, T('Kembali', 'Back')));
      } else if (item && item.kind === 'complaint') view = h('div', {}, h('h2', {}, item.title), complaintForm(pack, item));
      else if (group) view = h('div', {}, h('h2', {}, group.name), sheetForm(pack, group, item));
    } else if (route[0] === 'complaint' && pack) {
      view = h('div', {}, h('h2', {}, T('Pengaduan warga', 'A citizen\'s complaint')), await storageWarning(), complaintForm(pack, null));
    }
    if (!view && route[0] && !pack) {
      note = { kind: 'warn', text: T('Siapkan dulu untuk lapangan (saat ada sinyal), lalu buka lagi.', 'Prepare for the field first (while online), then open it again.') };
    }
    const shown = note;
    note = null;
    const top = header(pack);
    if (shown) top.append(h('p', { class: shown.kind, role: 'status', id: 'note' }, shown.text));
    root.replaceChildren(top, view || await home(pack, items, me));
  }

  window.addEventListener('hashchange', () => render().then(() => window.scrollTo(0, 0)));
  window.addEventListener('online', () => { checkSession().then(refresh).then(() => sync(false)); });
  window.addEventListener('offline', refresh);
  setInterval(() => {
    if (document.visibilityState === 'visible') allItems().then((items) => { if (items.some(mineWaiting)) sync(false); });
  }, RETRY_MS);

  // Who is logged in, when the server can be asked: decides whose items may be sent and filled.
  async function checkSession() {
    try {
      const res = await post('/field/session', {});
      // Only this server's own answers count: a wifi sign-in page says nothing about the session.
      if (res.ok) who = await res.json();
      sessionKnown = res.ok || res.status === 401;
    } catch (e) { /* no signal: the phone's holder is taken to be the prepared user */ }
    // The page is a copy kept on the phone, with no token in it: the header's language and
    // logout forms get the signed-in session's token now.
    if (who) for (const input of document.querySelectorAll('input.session-csrf')) if (!input.value) input.value = who.csrf;
  }
  // Without an answer from the server the header's forms cannot be sent: say why, lose nothing.
  let sessionKnown = false;
  for (const form of document.querySelectorAll('header form')) {
    form.addEventListener('submit', (ev) => {
      if (sessionKnown && navigator.onLine) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      note = { kind: 'warn', text: T('Keluar dan ganti bahasa perlu sinyal. Data di ponsel tetap aman; coba lagi saat ada sinyal.',
        'Logging out and changing the language need a signal. What is on the phone stays safe; try again when online.') };
      render();
    }, true);
  }
  render().then(checkSession).then(refresh).then(() => {
    root.dataset.ready = '1';
    return sync(false);
  });
})();
