/*
 * afmap's page state: the data block decoded, and who held what on a date.
 *
 * Pure: no DOM, no Leaflet, so it runs (and is tested) in Node as in the
 * page. The page-data format is defined once, in afmap/pageformat.py, and
 * travels in the page as data.format: unpack() follows it, field by field.
 *
 *   var model = AfmapState.decode(data);
 *   AfmapState.stateOf(model.provinces[k], i)  // the state at date index i, or null
 *   AfmapState.touched(model, i, j)            // provinces with a change between i and j
 *   AfmapState.changed(model, i, j)            // provinces that look different at i and j
 */
var AfmapState = (function () {
  "use strict";

  var NONE = Object.freeze([]);  // every empty list, shared
  var LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /*
   * Whole numbers from zigzag varints (afmap/varints.py): 5 bits per
   * base64url letter, lowest first, the sixth bit says "more follows";
   * z even is z / 2, z odd is -(z + 1) / 2.
   */
  function decodeVarints(text) {
    var nums = [], z = 0, mult = 1;
    for (var i = 0; i < text.length; i++) {
      var d = LETTERS.indexOf(text.charAt(i));
      z += (d & 31) * mult;
      mult *= 32;
      if (!(d & 32)) {
        nums.push(z % 2 ? -(z + 1) / 2 : z / 2);
        z = 0;
        mult = 1;
      }
    }
    return nums;
  }

  /* The records of a packed table: fields in order; "x[]" a counted list, "x+" a running sum. */
  function unpack(fields, text) {
    var nums = decodeVarints(text), out = [], i = 0, last = {};
    while (i < nums.length) {
      var rec = {};
      for (var f = 0; f < fields.length; f++) {
        var name = fields[f];
        if (/\[\]$/.test(name)) {
          rec[name.slice(0, -2)] = nums[i] ? nums.slice(i + 1, i + 1 + nums[i]) : NONE;
          i += 1 + nums[i];
        } else if (/\+$/.test(name)) {
          last[name] = (last[name] || 0) + nums[i];
          rec[name.slice(0, -1)] = last[name];
          i += 1;
        } else {
          rec[name] = nums[i];
          i += 1;
        }
      }
      out.push(rec);
    }
    return out;
  }

  /* The records of an array table. */
  function arrays(fields, rows) {
    return rows.map(function (row) {
      var rec = {};
      fields.forEach(function (name, k) { rec[name] = row[k]; });
      return rec;
    });
  }

  /*
   * A topology {digits, arcs, shapes} (afmap/topology.py) as Leaflet latlngs:
   * {arcs, outer, shapes}: arcs as lines of [lat, lon], outer the arcs that
   * one shape alone uses (the outer border), and per shape, polygons of rings.
   * An arc is a string of varints: x, y differences from the point before,
   * carried on from the previous arc. A ring lists arc numbers; ~i is arc i
   * backwards; consecutive arcs share their joining point.
   */
  function decodeTopology(topo) {
    var scale = Math.pow(10, topo.digits), x = 0, y = 0;
    var arcs = topo.arcs.map(function (text) {
      var nums = decodeVarints(text), points = [];
      for (var j = 0; j < nums.length; j += 2) {
        x += nums[j];
        y += nums[j + 1];
        points.push([y / scale, x / scale]);  // the same doubles as the decimals would give
      }
      return points;
    });
    function ring(ids) {
      var out = [];
      ids.forEach(function (id) {
        var pts = id >= 0 ? arcs[id] : arcs[~id].slice().reverse();
        out = out.concat(out.length ? pts.slice(1) : pts);
      });
      return out;
    }
    var uses = arcs.map(function () { return 0; });
    topo.shapes.forEach(function (polys) {
      polys.forEach(function (rings) {
        rings.forEach(function (ids) {
          ids.forEach(function (id) { uses[id >= 0 ? id : ~id] += 1; });
        });
      });
    });
    return {
      arcs: arcs,
      outer: arcs.filter(function (arc, i) { return uses[i] === 1; }),
      shapes: topo.shapes.map(function (polys) {
        return polys.map(function (rings) { return rings.map(ring); });
      })
    };
  }

  /* The first index whose value is above `value` in a sorted array, minus one. */
  function lastAtOrBefore(sorted, value, key) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if ((key ? key(sorted[mid]) : sorted[mid]) <= value) { lo = mid + 1; } else { hi = mid; }
    }
    return lo - 1;
  }

  /*
   * The whole data block decoded: provinces with their changes (each change's
   * state an object, or null for no data), the tables as records, events
   * grouped by the date index whose span holds them.
   */
  /* Texts stored with their shared beginnings apart (afmap/pageformat.py shared_heads). */
  function joinHeads(heads, rows) {
    return rows.map(function (row) { return typeof row === "string" ? row : heads[row[0]] + row[1]; });
  }

  function decode(data) {
    var fmt = data.format;
    var states = unpack(fmt.state, data.states);
    var srcsets = unpack(fmt.srcset, data.srcsets).map(function (r) { return r.sources; });
    var provinces = data.provinces.map(function (p, k) {
      return {
        k: k, code: p.code, name: p.name, names: p.names || null, label: p.label, rank: p.rank,
        changes: unpack(fmt.change, data.changes[k]).map(function (c) {
          return {day: c.day, state: c.state >= 0 ? states[c.state] : null};
        })
      };
    });
    // Per date index, the provinces with a change on it: a step to the next
    // date looks only at those.
    // Stored as one list of province indices, date by date, with where each date starts.
    var starts = new Int32Array(data.dates.length + 1);
    provinces.forEach(function (p) { p.changes.forEach(function (c) { starts[c.day + 1] += 1; }); });
    for (var d = 0; d < data.dates.length; d++) { starts[d + 1] += starts[d]; }
    var fill = starts.slice(0, data.dates.length), ks = new Int32Array(starts[data.dates.length]);
    provinces.forEach(function (p) {
      p.changes.forEach(function (c) { ks[fill[c.day]++] = p.k; });
    });
    var changesAt = {starts: starts, ks: ks};
    var timeline = data.mode === "timeline";
    var eventsAt = {};  // date index -> its events, for the dates that have any
    data.events.forEach(function (ev) {
      var i = timeline ? lastAtOrBefore(data.dates, ev.date) : 0;
      if (i >= 0) { (eventsAt[i] = eventsAt[i] || []).push(ev); }
    });
    return {
      mode: data.mode, timeline: timeline, dates: data.dates, day: data.day,
      factions: data.factions, provinces: provinces, states: states, srcsets: srcsets,
      periodRows: data.periods, periodFields: fmt.period, eras: arrays(fmt.era, data.eras || []),
      notes: data.notes, sources: joinHeads(data.sourceHeads, data.sources), events: data.events,
      eventsAt: eventsAt,
      changesAt: changesAt
    };
  }

  /*
   * Name the provinces and the shipped factions in language `code` (its
   * entry of data.languages, `lang`), where the page has a name for them;
   * the others keep the names their scenario and geodata give.
   */
  function translate(model, code, lang) {
    model.provinces.forEach(function (p) {
      if (p.names && p.names[code]) { p.name = p.names[code]; }
    });
    model.factions.forEach(function (f) {
      var own = lang.factions && lang.factions[f.id];
      if (own) { f.name = own[0]; f.short = own[1]; }
    });
    return model;
  }

  /* Period k as a record {label, since, until, heldSince}, or null for -1: made when asked. */
  function period(model, k) {
    return k >= 0 ? arrays(model.periodFields, [model.periodRows[k]])[0] : null;
  }

  /* The events of date index i (none: an empty list). */
  function eventsOf(model, i) {
    return model.eventsAt[i] || NONE;
  }

  /* A province's state at date index i (null: no data). */
  function stateOf(prov, i) {
    var at = lastAtOrBefore(prov.changes, i, function (c) { return c.day; });
    return at >= 0 ? prov.changes[at].state : null;
  }

  /* What a state looks like on the map: holder, and the challenger's stripes if contested. */
  function look(state) {
    if (!state) { return "none"; }
    if (!state.contested) { return String(state.faction); }
    return state.faction + "/" + (state.contestedBy.length ? state.contestedBy[0] : -1);
  }

  /* Holder and status, as `afmap control` compares them. */
  function standing(model, state) {
    if (!state) { return "none"; }
    return model.factions[state.faction].id + (state.contested ? " contested" : " controlled");
  }

  /*
   * Indices of the provinces that may differ between date indices i and j
   * (-1: before the first): those with a change in between, in order.
   */
  function touched(model, i, j) {
    var lo = Math.min(i, j), hi = Math.max(i, j), seen = {}, out = [];
    var at = model.changesAt;
    for (var d = Math.max(lo + 1, 0); d <= hi; d++) {
      for (var j = at.starts[d]; j < at.starts[d + 1]; j++) {
        var k = at.ks[j];
        if (!seen[k]) { seen[k] = true; out.push(k); }
      }
    }
    return out.sort(function (a, b) { return a - b; });
  }

  /* Indices of provinces that look different at date indices i and j. */
  function changed(model, i, j) {
    return touched(model, i, j).filter(function (k) {
      var prov = model.provinces[k];
      return look(stateOf(prov, i)) !== look(stateOf(prov, j));
    });
  }

  /* The date index shown on `day` (ISO): the last change on or before it, -1 before the first. */
  function indexFor(model, day) {
    return lastAtOrBefore(model.dates, day);
  }

  /* The era whose span holds `day` (ISO), or null. */
  function eraAt(model, day) {
    var found = null;
    model.eras.forEach(function (era) {
      if (era.start <= day && (era.end === null || day < era.end)) { found = era; }
    });
    return found;
  }

  function validDay(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    if (!m) { return false; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  }

  /* "2001-11-13" as "13 November 2001" in the reader's language; no day is "today". */
  function inWords(iso) { return AfmapText.when(iso); }

  function factionName(model, k) { return model.factions[k].name; }

  function factionList(model, ks) {
    return ks.map(function (k) { return factionName(model, k); }).join(AfmapText.t("list separator"));
  }

  /* "Controlled", "Contested by the Taliban", ...; "No data". */
  function statusText(model, state) {
    if (!state) { return AfmapText.t("no data"); }
    if (!state.contested) { return AfmapText.t("controlled"); }
    if (!state.contestedBy.length) { return AfmapText.t("contested"); }
    return AfmapText.t("contested by", {factions: factionList(model, state.contestedBy)});
  }

  /* A province in one line, for a screen reader: "Helmand: Islamic Republic, contested by ..., since April 2006". */
  function describe(model, prov, state) {
    var t = AfmapText.t;
    if (!state) { return t("describe no data", {province: prov.name}); }
    var text = t("describe", {province: prov.name, faction: factionName(model, state.faction)});
    if (state.contested) {
      text += state.contestedBy.length ?
        t("describe contested by", {factions: factionList(model, state.contestedBy)}) :
        t("describe contested");
    }
    var per = period(model, state.period);
    if (per) { text += t("describe since", {date: AfmapText.when(per.heldSince || per.since)}); }
    return text;
  }

  return {
    decodeVarints: decodeVarints, unpack: unpack, arrays: arrays, decode: decode, translate: translate,
    decodeTopology: decodeTopology, stateOf: stateOf, look: look, standing: standing,
    period: period, eventsOf: eventsOf, touched: touched, changed: changed, indexFor: indexFor, eraAt: eraAt, validDay: validDay, inWords: inWords,
    factionName: factionName, statusText: statusText, describe: describe
  };
}());

/*
 * The words of the page in the reader's language: the strings of one
 * translation file (afmap/translations/*.yaml, carried as data.languages),
 * and dates as exact as their source, written out with the language's
 * month names and digits. Placeholders are filled by plain replacement:
 * the result is text, for textContent.
 *
 *   AfmapText.use(data.languages.fa);
 *   AfmapText.t("change count", {number: 3, total: 120})  // "تغییر ۳ از ۱۲۰"
 *   AfmapText.when("1998-22~")                            // "تابستان ۱۹۹۸، تقریبی"
 */
var AfmapText = (function () {
  "use strict";

  var lang = null;
  var PLACE = /\{([a-z ]+)\}/g;
  // The dates of afmap's pages (afmap/edtfdates.py When.token): day, month, season, year,
  // decade or century, then ? (uncertain), ~ (approximate) or % (both).
  var TOKEN = /^([0-9]{4}|[0-9]{3}X|[0-9]{2}XX)(?:-([0-9]{2})(?:-([0-9]{2}))?)?([?~%])?$/;
  var QUALIFIERS = {"?": "uncertain", "~": "approximate", "%": "approximate and uncertain"};

  /* Write in `language` (one entry of data.languages) from now on. */
  function use(language) { lang = language; }

  function current() { return lang; }

  /* Whether the language runs right to left (Dari, Pashto). */
  function rtl() { return lang.dir === "rtl"; }

  /* The language a page opens in: ?lang= of its URL if the page has it, else its own. */
  function choose(data, search) {
    var asked = /(?:^|[?&])lang=([a-z]+)/.exec(search || "");
    var code = asked && data.languages[asked[1]] ? asked[1] : data.lang;
    use(data.languages[code]);
    return code;
  }

  function digits(text) {
    var d = lang.digits;
    return d === "0123456789" ? String(text) : String(text).replace(/[0-9]/g, function (c) {
      return d.charAt(+c);
    });
  }

  // A name put into a right-to-left sentence is isolated (FSI ... PDI), so that a
  // Latin name and its punctuation keep their order inside the sentence.
  function fill(template, values, isolate) {
    var isolated = isolate && rtl();
    return template.replace(PLACE, function (all, name) {
      var v = values ? values[name] : undefined;
      if (v === undefined || v === null) { return all; }
      if (typeof v === "number") { return digits(String(v).replace(/\B(?=([0-9]{3})+$)/g, lang.group)); }
      return isolated ? "\u2068" + v + "\u2069" : String(v);
    });
  }

  /* The interface string `key`, its {placeholders} filled: numbers in the language's digits,
     thousands grouped (a year is text: pass digits(year)). */
  function t(key, values) {
    var template = lang.text[key];
    return template === undefined ? key : fill(template, values, true);
  }

  /* A date token in words; none is "today". */
  function when(token) {
    if (!token) { return lang.dates.today; }
    var m = TOKEN.exec(token);
    if (!m) { return token; }
    var year = m[1], month = m[2] ? +m[2] : 0, text;
    var forms = lang.dates;
    if (year.indexOf("XX") > 0) {
      var first = +year.slice(0, 2) * 100;
      text = fill(forms.century, {first: digits(first), last: digits(first + 99)});
    } else if (year.indexOf("X") > 0) {
      text = fill(forms.decade, {year: digits(year.slice(0, 3) + "0")});
    } else if (m[3]) {
      text = fill(forms.day, {day: +m[3], month: lang.months[month - 1], year: digits(year)});
    } else if (month >= 21) {
      text = fill(forms.season, {season: lang.seasons[month - 21], year: digits(year)});
    } else if (month) {
      text = fill(forms.month, {month: lang.months[month - 1], year: digits(year)});
    } else {
      text = fill(forms.year, {year: digits(year)});
    }
    return m[4] ? fill(forms[QUALIFIERS[m[4]]], {date: text}) : text;
  }

  return {use: use, current: current, rtl: rtl, choose: choose, t: t, when: when, digits: digits};
}());

if (typeof module !== "undefined") { module.exports = AfmapState; module.exports.AfmapText = AfmapText; }
