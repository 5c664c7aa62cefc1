/*
 * afmap: who held each province, drawn into a Leaflet map.
 *
 * One code path serves both maps. The page carries its data as JSON in the
 * element #afmap-data: province geometry once, and per province a short
 * table of changes. The single-date map has one
 * state and no slider; the timeline map has one state per change date.
 *
 * Every untrusted string (names, notes, sources) reaches the page through
 * textContent, never through innerHTML.
 *
 * data.geometry is a compact topology (afmap/topology.py): see decodeTopology.
 *
 * data.changes[k] (province k) holds its rows as varints (see decodeRows);
 * decoded, a row is, sorted by date index:
 *   [dateIndex, factionIndex (-1: no data), contested (0|1),
 *    [contestedBy factionIndex...], periodIndex, noteIndex, sourceSetIndex]
 */

/*
 * Whole numbers from zigzag varints (afmap/varints.py): 5 bits per
 * base64url letter, lowest first, the sixth bit says "more follows";
 * z even is z / 2, z odd is -(z + 1) / 2.
 */
var AFMAP_VARINT_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function decodeVarints(text) {
  "use strict";
  var nums = [], z = 0, mult = 1;
  for (var i = 0; i < text.length; i++) {
    var d = AFMAP_VARINT_LETTERS.indexOf(text.charAt(i));
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
/*
 * A topology {digits, arcs, shapes} as Leaflet latlngs: {arcs, outer, shapes}:
 * arcs as lines of [lat, lon], outer the arcs that one shape alone uses
 * (the outer border), and per shape, polygons of rings.
 *
 * An arc is a string of varints: x, y differences from the point before,
 * carried on from the previous arc. A ring lists arc numbers; ~i is arc i
 * backwards; consecutive arcs share their joining point.
 */
function decodeTopology(topo) {
  "use strict";
  var scale = Math.pow(10, topo.digits);
  var x = 0, y = 0;

  function decodeArc(text) {
    var nums = decodeVarints(text), points = [];
    for (var j = 0; j < nums.length; j += 2) {
      x += nums[j];
      y += nums[j + 1];
      // Dividing the integers gives the same doubles as the decimals would.
      points.push([y / scale, x / scale]);
    }
    return points;
  }

  var arcs = topo.arcs.map(decodeArc);

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

/* data.states: per state faction, contested, n, n contestedBy, period, note, sourceSet. */
function decodeStates(text) {
  "use strict";
  var n = decodeVarints(text), out = [], i = 0;
  while (i < n.length) {
    var by = n.slice(i + 3, i + 3 + n[i + 2]), j = i + 3 + by.length;
    out.push([n[i], n[i + 1], by, n[j], n[j + 1], n[j + 2]]);
    i = j + 3;
  }
  return out;
}

/* data.srcsets: per list its length, then its items. */
function decodeLists(text) {
  "use strict";
  var n = decodeVarints(text), out = [], i = 0;
  while (i < n.length) {
    out.push(n.slice(i + 1, i + 1 + n[i]));
    i += 1 + n[i];
  }
  return out;
}

/* The rows of one province: [date step, state] varints; states decoded. */
function decodeRows(text, states) {
  "use strict";
  var nums = decodeVarints(text), rows = [], day = 0;
  for (var j = 0; j < nums.length; j += 2) {
    day += nums[j];
    var state = nums[j + 1] >= 0 ? states[nums[j + 1]] : [-1, 0, [], -1, -1, -1];
    rows.push([day].concat(state));
  }
  return rows;
}

function afmapInit(map, groups, eventsGroup, labelsGroup) {
  "use strict";

  var data = JSON.parse(document.getElementById("afmap-data").textContent);
  data.states = decodeStates(data.states);
  data.srcsets = decodeLists(data.srcsets);
  var topology = decodeTopology(data.geometry);
  var shapes = topology.shapes;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July",
                "August", "September", "October", "November", "December"];
  var NO_DATA_FILL = "url(#afmap-nodata)";
  var timeline = data.mode === "timeline";
  var dates = data.dates;
  var fillOpacity = data.tiles ? 0.6 : 1;
  var cur = {i: -2, day: null};
  var playTimer = null;

  // ---- small helpers -------------------------------------------------------

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function validDay(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || "");
    if (!m) { return false; }
    var y = +m[1], mo = +m[2], d = +m[3];
    var t = new Date(Date.UTC(y, mo - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
  }

  function inWords(iso) {
    if (!iso) { return "today"; }
    var p = iso.split("-");
    return String(+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }

  function swatch(color) {
    var s = el("span", "afmap-swatch");
    s.style.background = color;
    return s;
  }

  function patternSwatch(patternId) {
    var s = svgEl("svg", {"class": "afmap-swatch", width: 14, height: 14, "aria-hidden": "true"});
    s.appendChild(svgEl("rect", {width: 14, height: 14, fill: "url(#" + patternId + ")"}));
    return s;
  }

  // A long note or quotation shows its start and a button for more, a page
  // at a time, so a popup opens at once whatever a scenario holds and no
  // click lays out more than a page of text.
  var LONG_TEXT = 900, SHORT_TEXT = 600, TEXT_PAGE = 10000;

  function cutAt(text, end, wordy) {
    if (end >= text.length) { return text.length; }
    var cut = wordy ? text.lastIndexOf(" ", end) : -1;
    if (cut < end / 2) { cut = end; }
    var code = text.charCodeAt(cut - 1);
    return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;  // keep surrogate pairs whole
  }

  function longText(tag, cls, text) {
    text = String(text);
    if (text.length <= LONG_TEXT) { return el(tag, cls, text); }
    var shown = cutAt(text, SHORT_TEXT, true);
    var box = el(tag, cls), part = el("span", null, text.slice(0, shown));
    var ellipsis = el("span", null, "\u2026 ");
    var more = el("button", "afmap-more");
    more.type = "button";
    function label() {
      var left = text.length - shown;
      more.textContent = (left <= TEXT_PAGE ? "Show all" : "Show more") + " (" +
        left.toLocaleString("en") + " more characters)";
    }
    more.addEventListener("click", function (e) {
      L.DomEvent.stop(e);
      var next = cutAt(text, shown + TEXT_PAGE, false);
      part.appendChild(document.createTextNode(text.slice(shown, next)));
      shown = next;
      if (shown >= text.length) {
        box.removeChild(ellipsis);
        box.removeChild(more);
      } else {
        label();
      }
    });
    label();
    box.appendChild(part);
    box.appendChild(ellipsis);
    box.appendChild(more);
    return box;
  }

  function sourceList(setIndex) {
    var ids = setIndex >= 0 ? data.srcsets[setIndex] : [];
    if (!ids.length) { return el("p", "afmap-nosource", "No source given."); }
    var ol = el("ol", "afmap-sources");
    ids.forEach(function (k) { ol.appendChild(longText("li", null, data.sources[k])); });
    return ol;
  }

  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  // ---- SVG pattern defs: "no data" dots and contested hatching -------------

  var defsSvg = svgEl("svg", {"class": "afmap-defs", width: 0, height: 0, "aria-hidden": "true"});
  var defs = svgEl("defs", {});
  defsSvg.appendChild(defs);
  document.body.appendChild(defsSvg);

  (function noDataPattern() {
    var p = svgEl("pattern", {id: "afmap-nodata", patternUnits: "userSpaceOnUse", width: 6, height: 6});
    p.appendChild(svgEl("rect", {width: 6, height: 6, fill: "#f4f2ee"}));
    p.appendChild(svgEl("circle", {cx: 3, cy: 3, r: 0.9, fill: "#a8a398"}));
    defs.appendChild(p);
  }());

  // Diagonal stripes drawn into an upright 14 px tile: a rotated pattern
  // (patternTransform) costs more to paint on every slider step. The three
  // strokes are one stripe and the two corner pieces that continue it
  // across the tile's edges; stripes repeat every 14 / sqrt(2) = 9.9 px.
  function hatchPattern(id, holder, challenger) {
    var p = svgEl("pattern", {id: id, patternUnits: "userSpaceOnUse", width: 14, height: 14});
    p.appendChild(svgEl("rect", {width: 14, height: 14, fill: holder}));
    p.appendChild(svgEl("path", {d: "M-1,15L15,-1M-1,1L1,-1M13,15L15,13", stroke: challenger,
                                 "stroke-width": 4, fill: "none"}));
    defs.appendChild(p);
  }

  hatchPattern("afmap-hatch-legend", "#9a9a9a", "#ffffff");

  // Every pattern the states need exists before the first step: adding one
  // to the page while the slider moves would make the browser re-check the
  // fills that refer to patterns.
  data.states.forEach(function (state) {
    if (state[1]) { hatchId(state[0], state[2].length ? state[2][0] : -1); }
  });

  function hatchId(holder, challenger) {
    var id = "afmap-hatch-" + holder + "-" + challenger;
    if (!document.getElementById(id)) {
      hatchPattern(id, data.factions[holder].color,
                   challenger >= 0 ? data.factions[challenger].color : "#ffffff");
    }
    return id;
  }

  // ---- panes and the light base drawn from the data itself -----------------

  // Few layers, as each one over the whole map costs compositing time on
  // every slider step: the country's outline and the province fills sit in
  // Leaflet's overlay pane. A province of a faction switched off shows the
  // light base colour (afmap.css), so no base layer is needed. The borders,
  // each drawn once, go above the fills: arc by arc in the same layer when
  // there are few (a step repaints the strokes near a change only), in a
  // layer of their own when there are many (repainting the strokes near
  // every change would then cost more than compositing one more layer).
  // Event markers come and go with the slider, so they have a pane of their own.
  var BORDERS_APART = 300;  // arcs; measured with benchmarks/bench.py
  map.createPane("afmapBorders").style.zIndex = 410;
  map.getPane("afmapBorders").style.pointerEvents = "none";
  map.createPane("afmapEvents").style.zIndex = 460;
  map.createPane("afmapLabels").style.zIndex = 470;  // above event markers; lets clicks through
  map.getPane("afmapLabels").style.pointerEvents = "none";
  map.getContainer().classList.add(data.tiles ? "afmap-tiles" : "afmap-notiles");

  if (!data.tiles) {
    // A thick stroke along the outer border (the arcs that one shape alone
    // uses), under the opaque fills, shows only outside the country.
    topology.outer.forEach(function (arc) {
      L.polyline(arc, {interactive: false, className: "afmap-outline",
        color: "#8c8474", weight: 5, opacity: 1}).addTo(map);
    });
  }

  // ---- provinces -----------------------------------------------------------

  // Every province path stays in one layer that is always on the map: moving
  // paths between layers re-creates their SVG elements on every step. The
  // faction groups of the layer control stay empty; switching one off hides
  // the paths its faction holds (class afmap-off), at every date.
  var provinceLayer = L.featureGroup().addTo(map);
  var factionShown = groups.map(function (g) { return map.hasLayer(g); });

  var provs = data.provinces.map(function (p, k) {
    var prov = {k: k, code: p.code, name: p.name, rank: p.rank,
                rows: decodeRows(data.changes[k], data.states),
                row: undefined, fill: null, off: false, labelEl: null};
    var layer = L.polygon(shapes[k], {
      className: "afmap-province", stroke: false, fillOpacity: fillOpacity, fillColor: "#cccccc"});
    layer.on("add", function () {
      var path = layer.getElement();
      if (path) { path.setAttribute("data-code", p.code); }
    });
    layer.bindTooltip(function () { return tooltipContent(prov); },
                      {sticky: true, className: "afmap-tooltip"});
    layer.bindPopup(function () { return popupContent(prov); },
                    {maxWidth: 360, className: "afmap-popup"});
    prov.layer = layer;
    provinceLayer.addLayer(layer);
    return prov;
  });

  (function borders() {
    var style = {interactive: false, className: "afmap-border", weight: 1, color: "#ffffff",
                 opacity: 0.9};
    if (topology.arcs.length > BORDERS_APART) {
      L.polyline(topology.arcs, L.extend({pane: "afmapBorders"}, style)).addTo(map);
    } else {
      topology.arcs.forEach(function (arc) {  // above the fills, added after them
        L.polyline(arc, style).addTo(map);
      });
    }
  }());

  function rowAt(prov, i) {
    var rows = prov.rows, lo = 0, hi = rows.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (rows[mid][0] <= i) { lo = mid + 1; } else { hi = mid; }
    }
    var row = lo > 0 ? rows[lo - 1] : null;
    return row && row[1] >= 0 ? row : null;
  }

  function fillFor(row) {
    if (!row) { return NO_DATA_FILL; }
    if (row[2]) {
      var challenger = row[3].length ? row[3][0] : -1;
      return "url(#" + hatchId(row[1], challenger) + ")";
    }
    return data.factions[row[1]].color;
  }

  function isOff(prov) { return !!prov.row && !factionShown[prov.row[1]]; }

  function updateOff(prov) {
    var off = isOff(prov);
    if (off !== prov.off) {
      prov.off = off;
      prov.layer.getElement().classList.toggle("afmap-off", off);
    }
  }

  // Only what changed touches the DOM: many rows differ in period or note alone.
  function applyRow(prov, row) {
    if (prov.row === row) { return; }
    prov.row = row;
    var fill = fillFor(row);
    if (fill !== prov.fill) {
      prov.fill = fill;
      prov.layer.setStyle({fillColor: fill});
    }
    updateOff(prov);
  }

  function onOverlayToggle(e) {
    var k = groups.indexOf(e.layer);
    if (k < 0) { return; }
    factionShown[k] = e.type === "overlayadd";
    provs.forEach(function (prov) {
      updateOff(prov);
      if (prov.off && prov.layer.isPopupOpen()) { map.closePopup(); }
    });
  }

  map.on("overlayadd overlayremove", onOverlayToggle);

  // ---- tooltip and popup content (DOM nodes, text only) --------------------

  function factionName(k) { return data.factions[k].name; }

  function statusText(row) {
    if (!row) { return "No data"; }
    if (!row[2]) { return "Controlled"; }
    if (!row[3].length) { return "Contested"; }
    return "Contested by " + row[3].map(factionName).join(", ");
  }

  function tooltipContent(prov) {
    var row = prov.row, box = el("div");
    box.appendChild(el("strong", null, prov.name));
    box.appendChild(el("span", null, row ? " \u2014 " + factionName(row[1]) : " \u2014 no data"));
    if (row && row[2]) { box.appendChild(el("div", "afmap-muted", statusText(row))); }
    return box;
  }

  function addField(dl, label, node) {
    dl.appendChild(el("dt", null, label));
    var dd = el("dd");
    dd.appendChild(node);
    dl.appendChild(dd);
  }

  function popupContent(prov) {
    var row = prov.row, box = el("div", "afmap-pop");
    box.appendChild(el("h3", null, prov.name));
    box.appendChild(el("p", "afmap-muted", prov.code + " \u00b7 on " + inWords(cur.day)));
    if (!row) {
      box.appendChild(el("p", null, "No data for this date."));
      return box;
    }
    var dl = el("dl");
    var holder = el("span");
    holder.appendChild(swatch(data.factions[row[1]].color));
    holder.appendChild(document.createTextNode(factionName(row[1])));
    addField(dl, "Held by", holder);
    addField(dl, "Status", el("span", null, statusText(row)));
    if (row[4] >= 0) {
      // The claim's own span, dates as exact as its source ("summer 1998, approximate").
      var per = data.periods[row[4]];
      if (per[0]) { addField(dl, "Change", el("span", "afmap-period", per[0])); }
      var since = el("span", null, per[3] || per[1]);
      if (per[3]) { since.appendChild(el("span", "afmap-muted", " (this claim from " + per[1] + ")")); }
      addField(dl, "Since", since);
      addField(dl, "Until", el("span", null, per[2] || "no later claim"));
    }
    if (row[5] >= 0) { addField(dl, "Note", longText("span", null, data.notes[row[5]])); }
    box.appendChild(dl);
    box.appendChild(el("h4", null, "Sources"));
    box.appendChild(sourceList(row[6]));
    return box;
  }

  // ---- province labels, hidden where they would collide --------------------

  provs.forEach(function (prov) {
    var p = data.provinces[prov.k];
    var span = el("span", "afmap-label-text", prov.name);
    span.setAttribute("data-code", prov.code);
    prov.labelEl = span;
    L.marker(p.label, {
      icon: L.divIcon({className: "afmap-label", html: span, iconSize: null}),
      interactive: false, keyboard: false, pane: "afmapLabels"
    }).addTo(labelsGroup);
  });

  function placeLabels() {
    var placed = [];
    provs.slice().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (prov) {
      var span = prov.labelEl;
      span.classList.remove("afmap-label-hidden");
      if (!span.isConnected) { return; }
      var r = span.getBoundingClientRect();
      var hit = placed.some(function (q) {
        return r.left < q.right + 2 && r.right > q.left - 2 &&
               r.top < q.bottom + 1 && r.bottom > q.top - 1;
      });
      if (hit) { span.classList.add("afmap-label-hidden"); } else { placed.push(r); }
    });
  }

  // ---- events --------------------------------------------------------------

  var eventMarkers = data.events.map(function (ev) {
    var m = L.circleMarker([ev.lat, ev.lon], {
      radius: 6, color: "#1f1f1f", weight: 2, fillColor: "#ffcf3f", fillOpacity: 1,
      pane: "afmapEvents", className: "afmap-event"});
    m.bindTooltip(el("span", null, ev.name), {className: "afmap-tooltip"});
    m.bindPopup(function () {
      var box = el("div", "afmap-pop");
      box.appendChild(el("h3", null, ev.name));
      box.appendChild(el("p", "afmap-muted", inWords(ev.date)));
      if (ev.note) { box.appendChild(longText("p", null, ev.note)); }
      box.appendChild(el("h4", null, "Sources"));
      box.appendChild(sourceList(ev.sources));
      return box;
    }, {maxWidth: 360, className: "afmap-popup"});
    return {ev: ev, marker: m, shown: false};
  });

  function updateEvents(i) {
    var from = i >= 0 ? dates[i] : "";
    var to = i + 1 < dates.length ? dates[i + 1] : null;
    eventMarkers.forEach(function (em) {
      var show = !timeline || (em.ev.date >= from && (to === null || em.ev.date < to));
      if (show !== em.shown) {
        if (show) { eventsGroup.addLayer(em.marker); } else { eventsGroup.removeLayer(em.marker); }
        em.shown = show;
      }
    });
  }

  // ---- title, legend -------------------------------------------------------

  var titleBox = el("div", "afmap-title");
  titleBox.appendChild(el("h1", null, data.title));
  if (data.subtitle) { titleBox.appendChild(el("p", "afmap-subtitle", data.subtitle)); }
  var titleDate = el("p", "afmap-date");
  titleDate.id = "afmap-title-date";
  titleBox.appendChild(titleDate);
  // The era of the date shown: its narrative and sources, apart from any province.
  var eraBox = el("details", "afmap-era");
  eraBox.id = "afmap-era";
  var eraName = el("summary", "afmap-era-name");
  eraBox.appendChild(eraName);
  var eraBody = el("div", "afmap-era-body");
  eraBox.appendChild(eraBody);
  eraBox.style.display = "none";
  titleBox.appendChild(eraBox);
  var eraShown = null;

  function eraAt(day) {
    var found = null;
    (data.eras || []).forEach(function (era) {
      if (era[1] <= day && (era[2] === null || day < era[2])) { found = era; }
    });
    return found;
  }

  function updateEra(day) {
    var era = eraAt(day);
    if (era === eraShown) { return; }
    eraShown = era;
    eraBox.style.display = era ? "" : "none";
    if (!era) { return; }
    eraName.textContent = "Era: " + era[0] + " (" + era[3] + " \u2013 " +
      (era[4] || "today") + ")";
    while (eraBody.firstChild) { eraBody.removeChild(eraBody.firstChild); }
    if (era[5] >= 0) { eraBody.appendChild(longText("p", null, data.notes[era[5]])); }
    eraBody.appendChild(el("h4", null, "Sources of this era's account"));
    eraBody.appendChild(sourceList(era[6]));
  }
  stop(titleBox);
  map.getContainer().appendChild(titleBox);

  var legendBox = el("div", "afmap-legend leaflet-control");
  legendBox.id = "afmap-legend";
  stop(legendBox);
  var Legend = L.Control.extend({options: {position: "bottomright"},
                                 onAdd: function () { return legendBox; }});
  new Legend().addTo(map);
  var legendKey = null;

  // The layer control lists every faction of the timeline; those absent on
  // the date shown are hidden by a class on the map container, which
  // survives Leaflet rebuilding the control.
  (function controlRules() {
    var style = el("style");
    style.textContent = data.factions.map(function (f, k) {
      return ".afmap-absent-" + k + " .leaflet-control-layers-overlays " +
             "label:has([data-afmap-faction=\"" + k + "\"]) { display: none; }";
    }).join("\n");
    document.head.appendChild(style);
  }());

  function updateControl(present) {
    var box = map.getContainer();
    data.factions.forEach(function (f, k) {
      box.classList.toggle("afmap-absent-" + k, !present[k]);
    });
  }

  // The legend is built once; a step only shows or hides a faction's row
  // and changes the counts that changed, so it lays out little.
  var legendRows = data.factions.map(function (f) {
    var li = el("li");
    li.setAttribute("data-faction", f.id);
    li.appendChild(swatch(f.color));
    li.appendChild(el("span", null, f.name));
    var count = el("span", "afmap-count");
    li.appendChild(count);
    return {li: li, count: count, shown: true, text: null};
  });

  (function buildLegend() {
    legendBox.appendChild(el("h4", null, "Who held each province"));
    var ul = el("ul");
    legendRows.forEach(function (r) { ul.appendChild(r.li); });
    var liC = el("li", "afmap-legend-extra");
    liC.appendChild(patternSwatch("afmap-hatch-legend"));
    liC.appendChild(el("span", null, "Contested: stripes in holder's and challenger's colours"));
    ul.appendChild(liC);
    var liN = el("li", "afmap-legend-extra");
    liN.appendChild(patternSwatch("afmap-nodata"));
    liN.appendChild(el("span", null, "No data"));
    ul.appendChild(liN);
    legendBox.appendChild(ul);
  }());

  function updateLegend() {
    var held = {}, present = {};
    provs.forEach(function (prov) {
      var row = prov.row;
      if (!row) { return; }
      held[row[1]] = (held[row[1]] || 0) + 1;
      present[row[1]] = true;
      row[3].forEach(function (c) { present[c] = true; });
    });
    var key = JSON.stringify(present);
    if (key !== legendKey) {
      legendKey = key;
      updateControl(present);
    }
    legendRows.forEach(function (r, k) {
      var shown = !!present[k];
      if (shown !== r.shown) {
        r.shown = shown;
        r.li.style.display = shown ? "" : "none";
      }
      var text = held[k] ? String(held[k]) : "contesting";
      if (shown && text !== r.text) {
        r.text = text;
        r.count.textContent = text;
      }
    });
  }

  // ---- showing one state ---------------------------------------------------

  function stateIndexFor(day) {
    var lo = 0, hi = dates.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (dates[mid] <= day) { lo = mid + 1; } else { hi = mid; }
    }
    return lo - 1;
  }

  var slider = null, sliderDate = null, sliderCount = null, playButton = null;

  function show(i, day, fromHash) {
    if (i === cur.i && day === cur.day) { return; }
    var open = null;
    provs.forEach(function (prov) {
      if (prov.layer.isPopupOpen()) { open = {prov: prov, at: prov.layer.getPopup().getLatLng()}; }
    });
    cur.i = i;
    cur.day = day;
    provs.forEach(function (prov) { applyRow(prov, rowAt(prov, i)); });
    if (open) {
      if (open.prov.off) {
        map.closePopup();
      } else if (open.prov.layer.isPopupOpen()) {
        open.prov.layer.getPopup().update();
      } else {
        open.prov.layer.openPopup(open.at);
      }
    }
    updateLegend();
    updateEvents(i);
    titleDate.textContent = inWords(day);
    updateEra(day);
    if (timeline) {
      slider.value = String(Math.max(i, 0));
      sliderDate.textContent = inWords(day);
      sliderCount.textContent = i < 0 ? "before the first change"
        : "change " + (i + 1) + " of " + dates.length;
      if (!fromHash) { scheduleHash(); }
    }
  }

  function setIndex(i) {
    i = Math.max(0, Math.min(dates.length - 1, i));
    show(i, dates[i], false);
  }

  function step(delta) {
    setIndex(cur.i + delta);  // from before the first change, any step lands on it
  }

  // ---- timeline controls ---------------------------------------------------

  // Writing the URL (history.replaceState) costs more than recolouring the
  // map, so it waits until the slider settles: the slider's "change" event,
  // the end of play, or a pause of HASH_DELAY ms after the last step.
  var HASH_DELAY = 250;
  var hashTimer = null;

  function scheduleHash() {
    if (hashTimer) { window.clearTimeout(hashTimer); }
    hashTimer = window.setTimeout(flushHash, HASH_DELAY);
  }

  function flushHash() {
    if (hashTimer) { window.clearTimeout(hashTimer); }
    hashTimer = null;
    if (cur.day) { writeHash(cur.day); }
  }

  function writeHash(day) {
    var target = "#" + day;
    if (location.hash === target) { return; }
    try {
      history.replaceState(null, "", target);
    } catch (e) {
      location.replace(target);
    }
  }

  function readHash() {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    return validDay(h) ? h : null;
  }

  function setPlaying(on) {
    if (on && !playTimer) {
      if (cur.i >= dates.length - 1) { setIndex(0); }
      playTimer = window.setInterval(function () {
        if (cur.i >= dates.length - 1) { setPlaying(false); } else { step(1); }
      }, 900);
    } else if (!on && playTimer) {
      window.clearInterval(playTimer);
      playTimer = null;
      flushHash();
    }
    playButton.textContent = playTimer ? "\u275a\u275a Pause" : "\u25b6 Play";
    playButton.setAttribute("aria-pressed", playTimer ? "true" : "false");
  }

  function button(id, text, label, onClick) {
    var b = el("button", "afmap-button", text);
    b.type = "button";
    b.id = id;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", onClick);
    return b;
  }

  function buildTimelineControls() {
    var panel = el("div", "afmap-timeline");
    stop(panel);
    var row = el("div", "afmap-timeline-row");
    row.appendChild(button("afmap-prev", "\u25c0", "Previous change", function () { step(-1); }));
    playButton = button("afmap-play", "\u25b6 Play", "Play or pause",
                        function () { setPlaying(!playTimer); });
    row.appendChild(playButton);
    row.appendChild(button("afmap-next", "\u25b6", "Next change", function () { step(1); }));
    sliderDate = el("span", "afmap-slider-date");
    sliderDate.id = "afmap-slider-date";
    sliderDate.setAttribute("aria-live", "polite");
    row.appendChild(sliderDate);
    sliderCount = el("span", "afmap-muted afmap-slider-count");
    row.appendChild(sliderCount);
    panel.appendChild(row);
    slider = el("input", "afmap-slider");
    slider.id = "afmap-slider";
    slider.type = "range";
    slider.min = "0";
    slider.max = String(dates.length - 1);
    slider.step = "1";
    slider.setAttribute("aria-label", "Date of the map");
    slider.addEventListener("input", function () { setIndex(+slider.value); });
    slider.addEventListener("change", function () { setIndex(+slider.value); flushHash(); });
    panel.appendChild(slider);
    var ends = el("div", "afmap-slider-ends afmap-muted");
    ends.appendChild(el("span", null, inWords(dates[0])));
    ends.appendChild(el("span", null, inWords(dates[dates.length - 1])));
    panel.appendChild(ends);
    map.getContainer().appendChild(panel);

    map.keyboard.disable();  // the arrow keys step through time instead
    document.addEventListener("keydown", function (ev) {
      var t = ev.target;
      if (ev.altKey || ev.ctrlKey || ev.metaKey || t === slider) { return; }
      if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
                t.isContentEditable)) { return; }
      var moves = {ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10};
      if (moves[ev.key]) {
        step(moves[ev.key]);
      } else if (ev.key === "Home") {
        setIndex(0);
      } else if (ev.key === "End") {
        setIndex(dates.length - 1);
      } else {
        return;
      }
      ev.preventDefault();
    });
    window.addEventListener("hashchange", function () {
      var h = readHash();
      if (h && h !== cur.day) { show(stateIndexFor(h), h, true); }
    });
  }

  // ---- start ---------------------------------------------------------------

  // Leave room for the title above and the slider panel below.
  map.fitBounds(data.bounds, {paddingTopLeft: [12, 84],
                              paddingBottomRight: [12, timeline ? 96 : 12]});
  if (timeline) {
    buildTimelineControls();
    var start = readHash();
    if (start) { show(stateIndexFor(start), start, true); } else { setIndex(0); }
  } else {
    show(0, data.day, true);
  }
  placeLabels();
  map.on("zoomend", placeLabels);
  map.on("overlayadd", function (e) { if (e.layer === labelsGroup) { placeLabels(); } });
  window.addEventListener("resize", placeLabels);

  // The layer control is made here, not by folium: Leaflet inserts its
  // labels as HTML, and only the page's own escape ever sees the names.
  (function layerControl() {
    var overlays = {};
    data.factions.forEach(function (f, k) {
      overlays["<span class=\"afmap-swatch\" data-afmap-faction=\"" + k +
               "\" style=\"background:" + escapeHtml(f.color) + "\"></span>" +
               escapeHtml(f.name)] = groups[k];
    });
    if (data.events.length) { overlays.Events = eventsGroup; }
    overlays["Province names"] = labelsGroup;
    L.control.layers(null, overlays, {collapsed: false, position: "topright"}).addTo(map);
  }());

  window.afmap = {
    mode: data.mode,
    dates: dates.slice(),
    current: function () { return {index: cur.i, day: cur.day}; },
    showDay: function (day) { if (validDay(day)) { show(stateIndexFor(day), day, false); } },
    setIndex: setIndex
  };
}
