// newsarchive: progressive enhancement only — every page works without it.
// Keys: "/" focuses the search box, Esc leaves it, n/p go to the next or
// previous page. Search links carry words typed but not yet submitted;
// "more…" on a facet searches its values through /api/facets/:field;
// dragging across the timeline filters by the dates it covers.
(function () {
  'use strict';
  var q = document.getElementById('q');
  var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  function typing(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function readableDay(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    return m ? (+m[3]) + ' ' + months[+m[2] - 1] + ' ' + m[1] : s;
  }
  function path(u) { return u.pathname + u.search; }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape' && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (typing(e.target)) return;
    if (e.key === '/' && q) {
      e.preventDefault(); q.focus(); q.select();
    } else if (e.key === 'n' || e.key === 'p') {
      var a = document.querySelector('.pager a[rel=' + (e.key === 'n' ? 'next' : 'prev') + ']');
      if (a) a.click();
    }
  });

  // A search link clicked after typing in the box searches the typed words.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[href^="/search"]');
    if (!a || !q || q.value.trim() === (q.getAttribute('data-q') || '')) return;
    var u = new URL(a.getAttribute('href'), location.href);
    if (q.value.trim()) u.searchParams.set('q', q.value.trim()); else u.searchParams.delete('q');
    u.searchParams.delete('page');
    a.setAttribute('href', path(u));
  }, true);

  // "more…": a box to search the facet's values, listed as filter links.
  document.querySelectorAll('a.more[data-api]').forEach(function (more) {
    more.addEventListener('click', function (e) {
      e.preventDefault();
      var facet = more.closest('.facet'), field = more.getAttribute('data-field');
      var box = document.createElement('div');
      box.className = 'facet-search';
      var label = document.createElement('label');
      label.htmlFor = 'find-' + field;
      label.className = 'small';
      label.textContent = 'Find ' + more.getAttribute('data-title').toLowerCase();
      var input = document.createElement('input');
      input.type = 'search'; input.id = 'find-' + field; input.autocomplete = 'off'; input.dir = 'auto';
      var list = document.createElement('ul');
      list.className = 'values';
      list.setAttribute('aria-live', 'polite');
      box.append(label, input, list);
      var shown = facet.querySelector('.values');
      if (shown) shown.hidden = true;
      more.before(box);
      more.hidden = true;
      var ctrl = null, timer = 0;
      function load() {
        if (ctrl) ctrl.abort();
        ctrl = new AbortController();
        var u = new URL(more.getAttribute('data-api'), location.href);
        u.searchParams.set('prefix', input.value.trim());
        fetch(u, { signal: ctrl.signal, headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)); })
          .then(function (data) {
            list.replaceChildren();
            (data.values || []).forEach(function (v) {
              var b = new URL(more.getAttribute('data-base'), location.href);
              var sel = b.searchParams.getAll(field);
              b.searchParams.delete(field);
              sel.forEach(function (s) { if (s !== v.value) b.searchParams.append(field, s); });
              if (sel.indexOf(v.value) < 0) b.searchParams.append(field, v.value);
              var a = document.createElement('a');
              a.className = 'value' + (sel.indexOf(v.value) < 0 ? '' : ' selected');
              a.href = path(b); a.rel = 'nofollow';
              var l = document.createElement('span'); l.className = 'label'; l.dir = 'auto';
              l.textContent = field === 'date' ? readableDay(v.value) : v.value;
              var c = document.createElement('span'); c.className = 'count';
              c.textContent = v.count.toLocaleString('en');
              a.append(l, ' ', c);
              var li = document.createElement('li'); li.append(a); list.append(li);
            });
            if (!list.children.length) {
              var li = document.createElement('li'); li.className = 'none'; li.textContent = 'No match in these results.';
              list.append(li);
            }
          })
          .catch(function (err) { if (err.name !== 'AbortError') { location.href = more.href; } });
      }
      input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(load, 150); });
      load();
      input.focus();
    });
  });

  // Timeline brushing: press on a bar, drag to another, release.
  var svg = document.querySelector('.timeline svg[data-base]');
  if (svg) {
    var bars = Array.prototype.slice.call(svg.querySelectorAll('.bar'));
    var start = -1, end = -1, dragged = false;
    var barAt = function (ev) {
      var el = document.elementFromPoint(ev.clientX, ev.clientY);
      var b = el && el.closest ? el.closest('.bar') : null;
      return b && svg.contains(b) ? +b.getAttribute('data-i') : -1;
    };
    var paint = function () {
      var lo = Math.min(start, end), hi = Math.max(start, end);
      bars.forEach(function (b, i) { b.classList.toggle('brushed', dragged && i >= lo && i <= hi); });
    };
    svg.addEventListener('dragstart', function (e) { e.preventDefault(); });
    svg.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      start = end = barAt(e); dragged = false;
    });
    svg.addEventListener('pointermove', function (e) {
      if (start < 0) return;
      var i = barAt(e);
      if (i >= 0 && i !== end) { end = i; dragged = dragged || end !== start; paint(); }
    });
    document.addEventListener('pointerup', function () {
      if (start < 0) return;
      if (dragged) {
        var lo = bars[Math.min(start, end)], hi = bars[Math.max(start, end)];
        var u = new URL(svg.getAttribute('data-base'), location.href);
        u.searchParams.set('from', lo.getAttribute('data-from'));
        u.searchParams.set('to', hi.getAttribute('data-to'));
        u.searchParams.delete('page');
        location.href = path(u);
      }
      start = -1;
    });
    svg.addEventListener('click', function (e) {
      if (dragged) { e.preventDefault(); dragged = false; }
    }, true);
  }
})();
