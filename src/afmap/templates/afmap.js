/*
 * afmap: who held each province, drawn into a Leaflet map.
 *
 * The page carries its data as JSON in #afmap-data (afmap/htmldata.py);
 * afmap-state.js decodes it and answers "who held what on this date".
 * This file draws that answer, in the shape of Leaflet's own code:
 *
 *   AfmapView      the provinces, borders, labels, events and the details
 *                  panel of one map, recoloured by view.show(i, day)
 *   AfmapTitle, AfmapLegend, AfmapTimeline
 *                  controls (L.Control.extend) that follow the view
 *   AfmapClock     the date shown: slider, play, keys and the URL's date
 *   afmapInit      the page of one map: a view, its controls, the URL
 *
 * The compare page (compare.js) puts two views side by side on the same
 * modules. Every untrusted string (names, notes, sources) reaches the page
 * through textContent, never through innerHTML.
 */

var AfmapDom = (function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function swatch(color) {
    var s = el("span", "afmap-swatch");
    s.style.background = color;
    s.setAttribute("aria-hidden", "true");
    return s;
  }

  function patternSwatch(fill) {
    var s = svgEl("svg", {"class": "afmap-swatch", width: 14, height: 14, "aria-hidden": "true"});
    s.appendChild(svgEl("rect", {width: 14, height: 14, fill: fill}));
    return s;
  }

  // A button's symbol is hidden from screen readers, which hear its words;
  // words given as `hidden` are said but not shown (a symbol-only button).
  function button(cls, symbol, words, onClick, hidden) {
    var b = el("button", cls);
    b.type = "button";
    if (symbol) {
      var s = el("span", null, symbol);
      s.setAttribute("aria-hidden", "true");
      b.appendChild(s);
    }
    if (words) {
      b.appendChild(el("span", hidden ? "afmap-sr-only" : null, (symbol && !hidden ? " " : "") + words));
    }
    b.addEventListener("click", onClick);
    return b;
  }

  // A long note or quotation shows its start and a button for more, a page
  // at a time, so a panel opens at once whatever a scenario holds and no
  // click lays out more than a page of text.
  var LONG_TEXT = 900, SHORT_TEXT = 600, TEXT_PAGE = 10000;

  function cutAt(text, end, wordy) {
    if (end >= text.length) { return text.length; }
    var cut = wordy ? text.lastIndexOf(" ", end) : -1;
    if (cut < end / 2) { cut = end; }
    var code = text.charCodeAt(cut - 1);
    return code >= 0xd800 && code <= 0xdbff ? cut - 1 : cut;  // keep surrogate pairs whole
  }

  // A scenario's text keeps its own direction (dir="auto"): an English source
  // reads left to right on a Dari page.
  function own(node) {
    node.dir = "auto";
    return node;
  }

  function longText(tag, cls, text) {
    text = String(text);
    if (text.length <= LONG_TEXT) { return own(el(tag, cls, text)); }
    var shown = cutAt(text, SHORT_TEXT, true);
    var box = own(el(tag, cls)), part = el("span", null, text.slice(0, shown));
    var ellipsis = el("span", null, "\u2026 ");
    var more = el("button", "afmap-more");
    more.type = "button";
    function label() {
      var left = text.length - shown;
      more.textContent = AfmapText.t(left <= TEXT_PAGE ? "show all" : "show more", {count: left});
    }
    more.addEventListener("click", function (e) {
      L.DomEvent.stop(e);
      var next = cutAt(text, shown + TEXT_PAGE, false);
      part.appendChild(document.createTextNode(text.slice(shown, next)));
      shown = next;
      if (shown >= text.length) {
        box.removeChild(ellipsis);
        box.removeChild(more);
        part.focus();
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

  function stop(node) {
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
  }

  // The patterns live in one hidden SVG of the page, named by their colours,
  // so two maps of one page (compare) share them.
  var defs = null;

  function patterns() {
    if (!defs) {
      var box = svgEl("svg", {"class": "afmap-defs", width: 0, height: 0, "aria-hidden": "true",
                              focusable: "false"});
      defs = svgEl("defs", {});
      box.appendChild(defs);
      document.body.appendChild(box);
      var p = svgEl("pattern", {id: "afmap-nodata", patternUnits: "userSpaceOnUse",
                                width: 6, height: 6});
      p.appendChild(svgEl("rect", {width: 6, height: 6, fill: "#f4f2ee"}));
      p.appendChild(svgEl("circle", {cx: 3, cy: 3, r: 0.9, fill: "#a8a398"}));
      defs.appendChild(p);
    }
    return defs;
  }

  // Diagonal stripes drawn into an upright 14 px tile: a rotated pattern
  // (patternTransform) costs more to paint on every slider step. The three
  // strokes are one stripe and the two corner pieces that continue it
  // across the tile's edges; stripes repeat every 14 / sqrt(2) = 9.9 px.
  function hatch(holder, challenger) {
    var id = "afmap-hatch-" + (holder + "-" + challenger).replace(/[^0-9a-zA-Z]+/g, "_");
    if (!document.getElementById(id)) {
      var p = svgEl("pattern", {id: id, patternUnits: "userSpaceOnUse", width: 14, height: 14});
      p.appendChild(svgEl("rect", {width: 14, height: 14, fill: holder}));
      p.appendChild(svgEl("path", {d: "M-1,15L15,-1M-1,1L1,-1M13,15L15,13", stroke: challenger,
                                   "stroke-width": 4, fill: "none"}));
      patterns().appendChild(p);
    }
    return "url(#" + id + ")";
  }

  // Work that waits until things settle: `fn` runs `ms` after the last
  // schedule(), or at once on now(), which also drops a pending run.
  function settle(fn, ms) {
    var timer = null;
    function run() {
      if (timer) { window.clearTimeout(timer); }
      timer = null;
      fn();
    }
    return {
      schedule: function () {
        if (timer) { window.clearTimeout(timer); }
        timer = window.setTimeout(run, ms);
      },
      now: run
    };
  }

  return {el: el, svgEl: svgEl, escapeHtml: escapeHtml, swatch: swatch,
          patternSwatch: patternSwatch, button: button, longText: longText, own: own, stop: stop,
          patterns: patterns, hatch: hatch, settle: settle, NO_DATA: "url(#afmap-nodata)"};
}());

/*
 * The details of a province or an event: a panel above every control,
 * beside the map on a wide screen and a bottom sheet on a narrow one, that
 * scrolls inside and never leaves the viewport. Focus moves into it when it
 * opens; Escape or its close button closes it and returns focus.
 */
var AfmapDetails = L.Class.extend({
  initialize: function (map) {
    var el = AfmapDom.el;
    this._map = map;
    this._box = el("section", "afmap-details");
    this._box.setAttribute("role", "dialog");
    this._box.setAttribute("aria-modal", "false");
    this._box.setAttribute("aria-labelledby", map.getContainer().id + "-details-title");
    this._box.hidden = true;
    var head = el("div", "afmap-details-head");
    this._close = AfmapDom.button("afmap-details-close", "\u00d7", AfmapText.t("close details"),
                                  L.bind(this.close, this), true);
    head.appendChild(this._close);
    this._box.appendChild(head);
    this._body = el("div", "afmap-details-body");
    this._box.appendChild(this._body);
    AfmapDom.stop(this._box);
    map.getContainer().appendChild(this._box);
    this.key = null;
    this._opener = null;
    window.addEventListener("resize", L.bind(this._place, this));
    L.DomEvent.on(this._box, "keydown", function (e) {
      if (e.key === "Escape") { L.DomEvent.stop(e); this.close(); }
    }, this);
  },

  isOpen: function () { return !this._box.hidden; },

  /* Show `content` (a node with an h3), for `key`; `at` a latlng to keep in view. */
  open: function (key, content, at, opener) {
    var wasOpen = this.isOpen();
    this.key = key;
    this.fill(content);
    this._box.hidden = false;
    if (!wasOpen) {
      this._opener = opener || document.activeElement;
    }
    this._map.getContainer().classList.add("afmap-details-open");
    this._place();
    if (at) { this._keepInView(at); }
    var title = this._body.querySelector("h3");
    if (title) { title.focus({preventScroll: true}); }
  },

  /* Replace the content, keeping the panel where it is (the slider moved). */
  fill: function (content) {
    var title = content.querySelector("h3");
    if (title) {
      title.id = this._map.getContainer().id + "-details-title";
      title.tabIndex = -1;
    }
    while (this._body.firstChild) { this._body.removeChild(this._body.firstChild); }
    this._body.appendChild(content);
  },

  close: function () {
    if (!this.isOpen()) { return; }
    this._box.hidden = true;
    this.key = null;
    this._map.getContainer().classList.remove("afmap-details-open");
    var back = this._opener;
    this._opener = null;
    if (back && back.isConnected && typeof back.focus === "function") { back.focus(); }
  },

  // Beside the map, the panel fills the right column between the controls
  // of the top-right and bottom-right corners, so they stay usable; as a
  // bottom sheet (afmap.css, narrow screens) it lies over the bottom ones.
  _place: function () {
    var style = this._box.style;
    style.top = style.maxHeight = "";
    if (!this.isOpen() || getComputedStyle(this._box).left === "0px") { return; }
    var box = this._map.getContainer(), r = box.getBoundingClientRect();
    var top = 10, bottom = 10;
    var end = AfmapText.rtl() ? "left" : "right";  // the layers' side
    var upper = box.querySelector(".leaflet-top.leaflet-" + end);
    var lower = box.querySelector(".leaflet-bottom.leaflet-" + end);
    if (upper && upper.firstChild) { top = upper.getBoundingClientRect().bottom - r.top + 10; }
    if (lower && lower.firstChild) { bottom = r.bottom - lower.getBoundingClientRect().top + 10; }
    if (r.height - top - bottom < 240) { top = 10; bottom = 10; }  // too little room: above them
    style.top = top + "px";
    style.maxHeight = (r.height - top - bottom) + "px";
  },

  // The place clicked stays visible beside (or above) the panel.
  _keepInView: function (at) {
    var size = this._map.getSize(), box = this._box.getBoundingClientRect();
    var mapBox = this._map.getContainer().getBoundingClientRect();
    var sheet = box.width >= size.x - 2;
    var rtl = AfmapText.rtl();
    var pad = sheet ? [[10, 70], [10, Math.min(size.y - 80, mapBox.bottom - box.top + 10)]]
      : rtl ? [[Math.min(size.x - 80, box.right - mapBox.left + 10), 70], [10, 10]]
      : [[10, 70], [Math.min(size.x - 80, mapBox.right - box.left + 10), 10]];
    this._map.panInside(at, {paddingTopLeft: pad[0], paddingBottomRight: pad[1], animate: false});
  }
});

/*
 * One map's provinces, drawn from a decoded model (AfmapState.decode).
 * view.show(i, day) recolours what changed since the date shown before,
 * view.on("show") tells the controls.
 */
var AfmapView = L.Evented.extend({
  // Above this many arcs the borders go into a pane of their own: repainting
  // the strokes near every change would then cost more than one more layer.
  BORDERS_APART: 300,  // measured with benchmarks/bench.py

  initialize: function (map, model, options) {
    this.map = map;
    this.model = model;
    this.options = L.extend({groups: null, eventsGroup: null, labelsGroup: null, tiles: false,
                             outline: null, describeExtra: null}, options);
    this.i = -2;
    this.day = null;
    this._fills = new Map();
    this._unnamed = [];
    this._naming = AfmapDom.settle(L.bind(this._nameChanged, this), this.NAME_DELAY);
    this.details = new AfmapDetails(map);
    this._topology = AfmapState.decodeTopology(model.geometry);
    model.geometry = null;  // decoded: the text is not needed again
    this._fillOpacity = this.options.tiles ? 0.6 : 1;
    var groups = this.options.groups;
    this.factionShown = model.factions.map(function (f, k) {
      return !groups || map.hasLayer(groups[k]);
    });
    this._panes();
    this._provinces();
    this._borders();
    this._labels();
    this._events();
    map.on("overlayadd overlayremove", this._onOverlayToggle, this);
  },

  // Few layers, as each one over the whole map costs compositing time on
  // every slider step: the country's outline and the province fills sit in
  // Leaflet's overlay pane. A province of a faction switched off shows the
  // light base colour (afmap.css), so no base layer is needed.
  _panes: function () {
    var map = this.map;
    map.createPane("afmapBorders").style.zIndex = 410;
    map.getPane("afmapBorders").style.pointerEvents = "none";
    map.createPane("afmapEvents").style.zIndex = 460;
    map.createPane("afmapLabels").style.zIndex = 470;  // above event markers; lets clicks through
    map.getPane("afmapLabels").style.pointerEvents = "none";
    map.getPane("afmapLabels").setAttribute("aria-hidden", "true");  // the provinces say it
    map.getContainer().classList.add(this.options.tiles ? "afmap-tiles" : "afmap-notiles");
    if (!this.options.tiles) {
      // A thick stroke along the outer border, under the opaque fills, shows only outside.
      this._topology.outer.forEach(function (arc) {
        L.polyline(arc, {interactive: false, className: "afmap-outline",
          color: "#8c8474", weight: 5, opacity: 1}).addTo(map);
      });
    }
  },

  // Every province path stays in one layer that is always on the map: moving
  // paths between layers re-creates their SVG elements on every step.
  // Switching a faction off hides the paths it holds (class afmap-off).
  _provinces: function () {
    var view = this, shapes = this._topology.shapes;
    var layer = L.featureGroup().addTo(this.map);
    this.provs = this.model.provinces.map(function (p) {
      var prov = {k: p.k, code: p.code, name: p.name, rank: p.rank, label: p.label, model: p,
                  state: undefined, fill: null, off: false, labelEl: null, path: null};
      prov.layer = L.polygon(shapes[p.k], {
        className: "afmap-province", stroke: false, fillOpacity: view._fillOpacity,
        fillColor: "#cccccc"});
      prov.layer.on("add", function () {
        var path = prov.layer.getElement();
        prov.path = path;
        path.setAttribute("data-code", p.code);
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("focusable", "true");
        L.DomEvent.on(path, "keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") {
            L.DomEvent.stop(e);
            view.openProvince(prov, L.latLng(prov.label), path);
          }
        });
        L.DomEvent.on(path, "focus", function () { view._name(prov); });
      });
      prov.layer.bindTooltip(function () { return view._tooltip(prov); },
                             {sticky: true, className: "afmap-tooltip"});
      prov.layer.on("click", function (e) {
        L.DomEvent.stopPropagation(e);  // the map's own click closes the details
        view.openProvince(prov, e.latlng, prov.path);
      });
      layer.addLayer(prov.layer);
      return prov;
    });
  },

  _borders: function () {
    var map = this.map, arcs = this._topology.arcs;
    var style = {interactive: false, className: "afmap-border", weight: 1, color: "#ffffff",
                 opacity: 0.9};
    if (arcs.length > this.BORDERS_APART) {
      L.polyline(arcs, L.extend({pane: "afmapBorders"}, style)).addTo(map);
    } else {
      arcs.forEach(function (arc) { L.polyline(arc, style).addTo(map); });  // above the fills
    }
    if (this.options.outline) {  // the compare page's disagreements, above the borders
      this._outlined = L.featureGroup().addTo(map);
    }
  },

  _labels: function () {
    var view = this, group = this.options.labelsGroup || L.layerGroup().addTo(this.map);
    this._labelsGroup = group;
    this.provs.forEach(function (prov) {
      var span = AfmapDom.el("span", "afmap-label-text", prov.name);
      span.setAttribute("data-code", prov.code);
      prov.labelEl = span;
      L.marker(prov.label, {
        icon: L.divIcon({className: "afmap-label", html: span, iconSize: null}),
        interactive: false, keyboard: false, pane: "afmapLabels"
      }).addTo(group);
    });
    var place = L.bind(this.placeLabels, this);
    this.map.on("zoomend", place);
    this.map.on("overlayadd", function (e) { if (e.layer === view._labelsGroup) { place(); } });
    window.addEventListener("resize", place);
  },

  /* Hide the labels that would collide with a larger province's. */
  placeLabels: function () {
    var placed = [];
    this.provs.slice().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (prov) {
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
  },

  // Events are grouped by the date index whose span holds them (the model's
  // eventsAt), so a step touches only the markers of the two dates.
  _events: function () {
    var view = this, group = this.options.eventsGroup || L.layerGroup().addTo(this.map);
    this._eventsGroup = group;
    this._eventsShown = [];
    this._markers = new Map();
    this.model.events.forEach(function (ev, k) {
      var m = L.circleMarker([ev.lat, ev.lon], {
        radius: 6, color: "#1f1f1f", weight: 2, fillColor: "#ffcf3f", fillOpacity: 1,
        pane: "afmapEvents", className: "afmap-event"});
      m.bindTooltip(AfmapDom.el("span", null, ev.name), {className: "afmap-tooltip"});
      m.on("add", function () {
        var path = m.getElement();
        path.setAttribute("tabindex", "0");
        path.setAttribute("role", "button");
        path.setAttribute("aria-label", AfmapText.t("event label", {name: ev.name,
                                                                    date: AfmapText.when(ev.date)}));
        L.DomEvent.on(path, "keydown", function (e) {
          if (e.key === "Enter" || e.key === " ") {
            L.DomEvent.stop(e);
            view.openEvent(k, path);
          }
        });
      });
      m.on("click", function (e) {
        L.DomEvent.stopPropagation(e);
        view.openEvent(k, m.getElement());
      });
      view._markers.set(ev, m);
    });
  },

  _showEvents: function (i) {
    var group = this._eventsGroup, markers = this._markers;
    var next = AfmapState.eventsOf(this.model, i);
    if (next === this._eventsShown) { return; }
    this._eventsShown.forEach(function (ev) { group.removeLayer(markers.get(ev)); });
    next.forEach(function (ev) { group.addLayer(markers.get(ev)); });
    this._eventsShown = next;
  },

  // ---- one date -------------------------------------------------------------

  fillFor: function (state) {
    var factions = this.model.factions;
    if (!state) { return AfmapDom.NO_DATA; }
    if (!state.contested) { return factions[state.faction].color; }
    var key = state.faction + "/" + (state.contestedBy.length ? state.contestedBy[0] : -1);
    var fill = this._fills.get(key);  // each hatching worked out once
    if (fill === undefined) {
      var c = state.contestedBy.length ? factions[state.contestedBy[0]].color : "#ffffff";
      fill = AfmapDom.hatch(factions[state.faction].color, c);
      this._fills.set(key, fill);
    }
    return fill;
  },

  _updateOff: function (prov) {
    var off = !!prov.state && !this.factionShown[prov.state.faction];
    if (off !== prov.off) {
      prov.off = off;
      if (prov.path) {
        prov.path.classList.toggle("afmap-off", off);
        prov.path.setAttribute("tabindex", off ? "-1" : "0");
      }
    }
  },

  // Only what changed touches the DOM: many claims differ in their text alone.
  _apply: function (prov, state) {
    if (prov.state === state) { return; }
    prov.state = state;
    var fill = this.fillFor(state);
    if (fill !== prov.fill) {
      prov.fill = fill;
      if (prov.path) {
        // What setStyle({fillColor}) would do, without rewriting the path's other attributes.
        prov.layer.options.fillColor = fill;
        prov.path.setAttribute("fill", fill);
      } else {
        prov.layer.setStyle({fillColor: fill});
      }
    }
    this._unnamed.push(prov);
    this._updateOff(prov);
  },

  // A province's accessible name follows its state, written once the slider
  // pauses (NAME_DELAY ms) or when it takes focus, not at every step of play.
  NAME_DELAY: 200,

  /* Write the accessible name of every province whose state changed, now. */
  nameAll: function () { this._naming.now(); },

  _nameChanged: function () {
    var view = this, todo = this._unnamed;
    this._unnamed = [];
    todo.forEach(function (prov) { view._name(prov); });
  },

  /* Write every province's accessible name now (what describeExtra adds changed). */
  renameAll: function () {
    this.provs.forEach(function (prov) { prov.named = undefined; });
    this._unnamed = this.provs.slice();
    this.nameAll();
  },

  _name: function (prov) {
    if (prov.path && prov.named !== prov.state) {
      prov.named = prov.state;
      prov.path.setAttribute("aria-label", this.describe(prov));
    }
  },

  describe: function (prov) {
    var text = AfmapState.describe(this.model, prov, prov.state);
    return this.options.describeExtra ? text + this.options.describeExtra(prov) : text;
  },

  NEAR: 10,  // dates

  /* Show date index i (-1: before the first change) as the map of `day` (ISO). */
  show: function (i, day) {
    if (i === this.i && day === this.day) { return; }
    var view = this, model = this.model;
    // A step of a few dates looks only at the provinces changed in between.
    var near = this.i >= -1 && Math.abs(i - this.i) <= this.NEAR;
    var ks = near ? AfmapState.touched(model, this.i, i) : null;
    this.i = i;
    this.day = day;
    if (ks) {
      ks.forEach(function (k) { view._apply(view.provs[k], AfmapState.stateOf(model.provinces[k], i)); });
    } else {
      this.provs.forEach(function (prov) { view._apply(prov, AfmapState.stateOf(prov.model, i)); });
    }
    if (this._unnamed.length) { this._naming.schedule(); }
    this._showEvents(i);
    this._refreshDetails();
    this.fire("show", {index: i, day: day});
  },

  /* Outline the provinces of `codes` (the compare page's disagreements). */
  outline: function (codes) {
    if (!this._outlined) { return; }
    var shapes = this._topology.shapes, group = this._outlined, style = this.options.outline;
    group.clearLayers();
    this.provs.forEach(function (prov) {
      if (codes[prov.code]) {
        group.addLayer(L.polygon(shapes[prov.k], L.extend({interactive: false, fill: false,
                                                           className: "afmap-disagree"}, style)));
      }
    });
  },

  _onOverlayToggle: function (e) {
    var groups = this.options.groups, k = groups ? groups.indexOf(e.layer) : -1;
    if (k < 0) { return; }
    var view = this;
    this.factionShown[k] = e.type === "overlayadd";
    this.provs.forEach(function (prov) {
      view._updateOff(prov);
      if (prov.off && view.details.key === "p" + prov.k) { view.details.close(); }
    });
    this.fire("show", {index: this.i, day: this.day});
  },

  // ---- tooltip and details (DOM nodes, text only) ---------------------------

  _tooltip: function (prov) {
    var el = AfmapDom.el, state = prov.state, box = el("div");
    box.appendChild(el("strong", null, prov.name));
    box.appendChild(el("span", null, state ? " \u2014 " +
      AfmapState.factionName(this.model, state.faction) : AfmapText.t("tooltip no data")));
    if (state && state.contested) {
      box.appendChild(el("div", "afmap-muted", AfmapState.statusText(this.model, state)));
    }
    return box;
  },

  sourceList: function (setIndex) {
    var el = AfmapDom.el, model = this.model;
    var ids = setIndex >= 0 ? model.srcsets[setIndex] : [];
    if (!ids.length) { return el("p", "afmap-nosource", AfmapText.t("no source")); }
    var ol = el("ol", "afmap-sources");
    ids.forEach(function (k) { ol.appendChild(AfmapDom.longText("li", null, model.sources[k])); });
    return ol;
  },

  provinceContent: function (prov) {
    var el = AfmapDom.el, model = this.model, state = prov.state, box = el("div", "afmap-pop");
    box.appendChild(AfmapDom.own(el("h3", null, prov.name)));
    box.appendChild(el("p", "afmap-muted", AfmapText.t("province on", {code: prov.code,
                                                          date: AfmapText.when(this.day)})));
    if (!state) {
      box.appendChild(el("p", null, AfmapText.t("no data on date")));
      return box;
    }
    var dl = el("dl");
    function field(label, node) {
      dl.appendChild(el("dt", null, label));
      var dd = el("dd");
      dd.appendChild(node);
      dl.appendChild(dd);
    }
    var holder = el("span");
    holder.appendChild(AfmapDom.swatch(model.factions[state.faction].color));
    holder.appendChild(document.createTextNode(AfmapState.factionName(model, state.faction)));
    field(AfmapText.t("held by"), holder);
    field(AfmapText.t("status"), el("span", null, AfmapState.statusText(model, state)));
    if (state.period >= 0) {
      // The claim's own span, dates as exact as its source ("summer 1998, approximate").
      var per = AfmapState.period(model, state.period);
      if (per.label) { field(AfmapText.t("change"), AfmapDom.own(el("span", "afmap-period", per.label))); }
      var since = el("span", null, AfmapText.when(per.heldSince || per.since));
      if (per.heldSince) {
        since.appendChild(el("span", "afmap-muted", AfmapText.t("claim from",
                                                                {date: AfmapText.when(per.since)})));
      }
      field(AfmapText.t("since"), since);
      field(AfmapText.t("until"), el("span", null, per.until ? AfmapText.when(per.until)
                                                             : AfmapText.t("no later claim")));
    }
    if (state.note >= 0) { field(AfmapText.t("note"), AfmapDom.longText("span", null, model.notes[state.note])); }
    box.appendChild(dl);
    box.appendChild(el("h4", null, AfmapText.t("sources")));
    box.appendChild(this.sourceList(state.sources));
    this._writtenAs(box);
    return box;
  },

  eventContent: function (ev) {
    var el = AfmapDom.el, box = el("div", "afmap-pop");
    box.appendChild(AfmapDom.own(el("h3", null, ev.name)));
    box.appendChild(el("p", "afmap-muted", AfmapText.t("event on", {date: AfmapText.when(ev.date)})));
    if (ev.note) { box.appendChild(AfmapDom.longText("p", null, ev.note)); }
    box.appendChild(el("h4", null, AfmapText.t("sources")));
    box.appendChild(this.sourceList(ev.sources));
    this._writtenAs(box);
    return box;
  },

  // In Dari or Pashto, a word on the notes and sources, which stay as written.
  _writtenAs: function (box) {
    if (AfmapText.current().code !== "en") {
      box.appendChild(AfmapDom.el("p", "afmap-muted afmap-written-as", AfmapText.t("written as")));
    }
  },

  openProvince: function (prov, at, opener) {
    if (prov.off) { return; }
    this.details.open("p" + prov.k, this.provinceContent(prov), at, opener);
    this.fire("details", {prov: prov});
  },

  openEvent: function (k, opener) {
    var ev = this.model.events[k];
    this.details.open("e" + k, this.eventContent(ev), L.latLng(ev.lat, ev.lon), opener);
  },

  // An open province's details follow the slider; an event's close when it leaves.
  _refreshDetails: function () {
    var key = this.details.key;
    if (!key) { return; }
    if (key.charAt(0) === "p") {
      this.details.fill(this.provinceContent(this.provs[+key.slice(1)]));
    } else if (this._eventsShown.indexOf(this.model.events[+key.slice(1)]) < 0) {
      this.details.close();
    }
  },

  /* The sources of every claim shown, each once, with the provinces that cite it. */
  shownSources: function () {
    var model = this.model, order = [], by = {};
    this.provs.forEach(function (prov) {
      if (!prov.state || prov.off || prov.state.sources < 0) { return; }
      model.srcsets[prov.state.sources].forEach(function (s) {
        if (!by[s]) { by[s] = []; order.push(s); }
        by[s].push(prov.name);
      });
    });
    return order.map(function (s) { return {text: model.sources[s], provinces: by[s]}; });
  }
});

/* Whether the screen is too small for the legend and layer list to stay open. */
function afmapCompact() {
  "use strict";
  return window.matchMedia("(max-width: 999px), (max-height: 699px)").matches;
}

/* The title, the date shown and the era of that date (its narrative and sources). */
var AfmapTitle = L.Control.extend({
  options: {position: "topleft", title: "", subtitle: null},

  onAdd: function () {
    var el = AfmapDom.el, box = el("div", "afmap-title");
    box.appendChild(el("h1", null, this.options.title));
    if (this.options.subtitle) { box.appendChild(el("p", "afmap-subtitle", this.options.subtitle)); }
    this._date = el("p", "afmap-date");
    this._date.id = "afmap-title-date";
    box.appendChild(this._date);
    this._era = el("details", "afmap-era");
    this._era.id = "afmap-era";
    this._eraName = el("summary", "afmap-era-name");
    this._era.appendChild(this._eraName);
    this._eraBody = el("div", "afmap-era-body");
    this._era.appendChild(this._eraBody);
    this._era.hidden = true;
    box.appendChild(this._era);
    if (this.options.languages) { box.appendChild(this._switch()); }
    this._shown = undefined;
    AfmapDom.stop(box);
    return box;
  },

  // Each language by its own name; choosing one opens the page in it, at the same
  // date (?lang= in the URL, which a shared link keeps).
  _switch: function () {
    var el = AfmapDom.el, langs = this.options.languages, here = this.options.lang;
    var group = el("div", "afmap-langs");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", AfmapText.t("language"));
    Object.keys(langs).forEach(function (code) {
      var b = AfmapDom.button("afmap-lang", null, langs[code].name, function () {
        if (code !== here) { location.search = "?lang=" + code; }
      });
      b.lang = langs[code].tag;
      b.dir = langs[code].dir;
      if (code === here) { b.setAttribute("aria-current", "true"); }
      group.appendChild(b);
    });
    return group;
  },

  update: function (view) {
    this._date.textContent = AfmapText.when(view.day);
    var era = view.day ? AfmapState.eraAt(view.model, view.day) : null;
    if (era === this._shown) { return; }
    this._shown = era;
    this._era.hidden = !era;
    if (!era) { return; }
    this._eraName.textContent = AfmapText.t("era", {name: era.name, since: AfmapText.when(era.since),
                                                    until: AfmapText.when(era.until)});
    var body = this._eraBody;
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (era.note >= 0) { body.appendChild(AfmapDom.longText("p", null, view.model.notes[era.note])); }
    body.appendChild(AfmapDom.el("h4", null, AfmapText.t("era sources")));
    body.appendChild(view.sourceList(era.sources));
  }
});

/*
 * Who held each province: a row per faction with its count on the date
 * shown, the hatching and no-data keys. Behind a button on small screens.
 */
var AfmapLegend = L.Control.extend({
  options: {position: "bottomright", collapsed: false, id: "afmap-legend", factions: [],
            extra: null},

  onAdd: function () {
    var el = AfmapDom.el, box = el("div", "afmap-legend"), control = this;
    box.id = this.options.id;
    this._toggle = AfmapDom.button("afmap-legend-toggle afmap-button", null, AfmapText.t("legend"), function () {
      control.setCollapsed(!control._collapsed);
    });
    this._body = el("div", "afmap-legend-body");
    this._body.id = box.id + "-body";
    this._toggle.setAttribute("aria-controls", this._body.id);
    box.appendChild(this._toggle);
    box.appendChild(this._body);
    this._body.appendChild(el("h2", null, AfmapText.t("legend title")));
    var ul = el("ul");
    this._rows = this.options.factions.map(function (f) {
      var li = el("li");
      li.setAttribute("data-faction", f.id);
      li.appendChild(AfmapDom.swatch(f.color));
      li.appendChild(el("span", null, f.name));
      var count = el("span", "afmap-count");
      li.appendChild(count);
      ul.appendChild(li);
      return {li: li, count: count, shown: true, text: null};
    });
    var contested = el("li", "afmap-legend-extra");
    contested.appendChild(AfmapDom.patternSwatch(AfmapDom.hatch("#9a9a9a", "#ffffff")));
    contested.appendChild(el("span", null, AfmapText.t("legend contested")));
    ul.appendChild(contested);
    var none = el("li", "afmap-legend-extra");
    AfmapDom.patterns();
    none.appendChild(AfmapDom.patternSwatch(AfmapDom.NO_DATA));
    none.appendChild(el("span", null, AfmapText.t("no data")));
    ul.appendChild(none);
    if (this.options.extra) { ul.appendChild(this.options.extra); }
    this._body.appendChild(ul);
    this.setCollapsed(this.options.collapsed);
    AfmapDom.stop(box);
    return box;
  },

  setCollapsed: function (on) {
    this._collapsed = on;
    this._body.hidden = on;
    this._toggle.setAttribute("aria-expanded", on ? "false" : "true");
    this._toggle.lastChild.textContent = AfmapText.t(on ? "legend" : "hide legend");
  },

  /* Show the factions present on the date and how many provinces each holds. */
  update: function (view) {
    var held = {}, present = {};
    view.provs.forEach(function (prov) {
      var s = prov.state;
      if (!s) { return; }
      held[s.faction] = (held[s.faction] || 0) + 1;
      present[s.faction] = true;
      s.contestedBy.forEach(function (c) { present[c] = true; });
    });
    this._rows.forEach(function (r, k) {
      var shown = !!present[k];
      if (shown !== r.shown) {
        r.shown = shown;
        r.li.hidden = !shown;
      }
      var text = held[k] ? AfmapText.digits(held[k]) : AfmapText.t("contesting");
      if (shown && text !== r.text) {
        r.text = text;
        r.count.textContent = text;
      }
    });
    return present;
  }
});

/*
 * The date shown and how a reader moves it: the slider over every change
 * date with previous, play and next (its DOM is `clock.el`), the arrow,
 * Page and Home/End keys, and the date in the URL (#1998-09-01). It fires
 * "show" {index, day}; the main map and the compare page follow it.
 */
var AfmapClock = L.Evented.extend({
  // Writing the URL (history.replaceState) costs more than recolouring the
  // map, so it waits until the slider settles: a pause of HASH_DELAY ms.
  HASH_DELAY: 250,
  PLAY_STEP: 900,

  initialize: function (dates, label) {
    this.dates = dates;
    this.i = -2;
    this.day = null;
    this._playTimer = null;
    this._hash = AfmapDom.settle(L.bind(this._settled, this), this.HASH_DELAY);
    this._build(label || AfmapText.t("slider label"));
    document.addEventListener("keydown", L.bind(this._onKey, this));
    window.addEventListener("hashchange", L.bind(function () {
      var h = this.readHash();
      if (h && h !== this.day) { this.showDay(h, true); }
    }, this));
  },

  _build: function (label) {
    var el = AfmapDom.el, clock = this, dates = this.dates;
    var box = el("div", "afmap-timeline");
    var slider = el("input", "afmap-slider");
    slider.id = "afmap-slider";
    slider.type = "range";
    slider.min = "0";
    slider.max = String(dates.length - 1);
    slider.step = "1";
    slider.setAttribute("aria-label", label);
    slider.addEventListener("input", function () { clock.setIndex(+slider.value); });
    slider.addEventListener("change", function () { clock.setIndex(+slider.value); clock.flush(); });
    this.slider = slider;
    box.appendChild(slider);
    var ends = el("div", "afmap-slider-ends afmap-muted");
    ends.setAttribute("aria-hidden", "true");
    ends.appendChild(el("span", null, AfmapText.when(dates[0])));
    ends.appendChild(el("span", null, AfmapText.when(dates[dates.length - 1])));
    box.appendChild(ends);
    var row = el("div", "afmap-timeline-row");
    function by(delta) { return function () { clock.setIndex(clock.i + delta); clock.flush(); }; }
    // Earlier is where the reader's script begins: left, or right in Dari and Pashto.
    var rtl = AfmapText.rtl();
    var prev = AfmapDom.button("afmap-button", rtl ? "\u25b6" : "\u25c0",
                               AfmapText.t("previous change"), by(-1), true);
    prev.id = "afmap-prev";
    row.appendChild(prev);
    this._play = AfmapDom.button("afmap-button", "\u25b6", AfmapText.t("play"), function () {
      clock.setPlaying(!clock._playTimer);
    });
    this._play.id = "afmap-play";
    this._play.setAttribute("aria-pressed", "false");
    row.appendChild(this._play);
    var next = AfmapDom.button("afmap-button", rtl ? "\u25c0" : "\u25b6",
                               AfmapText.t("next change"), by(1), true);
    next.id = "afmap-next";
    row.appendChild(next);
    this._date = el("span", "afmap-slider-date");
    this._date.id = "afmap-slider-date";
    row.appendChild(this._date);
    this._count = el("span", "afmap-muted afmap-slider-count");
    row.appendChild(this._count);
    box.appendChild(row);
    // The date said once it settles, not at every step of play.
    this._status = el("p", "afmap-sr-only");
    this._status.setAttribute("role", "status");
    this._status.setAttribute("aria-live", "polite");
    box.appendChild(this._status);
    AfmapDom.stop(box);
    this.el = box;
  },

  /* Show change date i (clamped to the dates). */
  setIndex: function (i) {
    i = Math.max(0, Math.min(this.dates.length - 1, i));
    this._show(i, this.dates[i], false);
  },

  /* Show `day` (ISO), between change dates or before the first as well. */
  showDay: function (day, fromHash) {
    if (!AfmapState.validDay(day)) { return; }
    this._show(AfmapState.indexFor({dates: this.dates}, day), day, fromHash);
  },

  /* The day in the URL, else the first change. */
  start: function () {
    var h = this.readHash();
    if (h) { this.showDay(h, true); } else { this.setIndex(0); }
  },

  current: function () { return {index: this.i, day: this.day}; },

  _show: function (i, day, fromHash) {
    if (i === this.i && day === this.day) { return; }
    this.i = i;
    this.day = day;
    var words = AfmapText.when(day);
    this.slider.value = String(Math.max(i, 0));
    this.slider.setAttribute("aria-valuetext", words);
    this._date.textContent = words;
    this._count.textContent = i < 0 ? AfmapText.t("before first change")
      : AfmapText.t("change count", {number: i + 1, total: this.dates.length});
    this.said = AfmapText.t("map of", {date: words});
    this.fire("show", {index: i, day: day});
    if (!fromHash) { this._hash.schedule(); }
  },

  /* The slider settled: write the URL and say the date, now. */
  flush: function () { this._hash.now(); },

  _settled: function () {
    if (!this.day) { return; }
    if (this.said && this._status.textContent !== this.said) { this._status.textContent = this.said; }
    var target = "#" + this.day;
    if (location.hash === target) { return; }
    try {
      history.replaceState(null, "", target);
    } catch (err) {
      location.replace(target);
    }
  },

  readHash: function () {
    var h = decodeURIComponent(location.hash.replace(/^#/, ""));
    return AfmapState.validDay(h) ? h : null;
  },

  setPlaying: function (on) {
    var clock = this, last = this.dates.length - 1;
    if (on && !this._playTimer) {
      if (this.i >= last) { this.setIndex(0); }
      this._playTimer = window.setInterval(function () {
        if (clock.i >= last) { clock.setPlaying(false); } else { clock.setIndex(clock.i + 1); }
      }, this.PLAY_STEP);
    } else if (!on && this._playTimer) {
      window.clearInterval(this._playTimer);
      this._playTimer = null;
      this.flush();
    }
    this._play.firstChild.textContent = this._playTimer ? "\u275a\u275a" : "\u25b6";
    this._play.lastChild.textContent = " " + AfmapText.t(this._playTimer ? "pause" : "play");
    this._play.setAttribute("aria-pressed", this._playTimer ? "true" : "false");
  },

  // The arrow keys step through time anywhere but in a form field (the
  // slider handles its own) or, for all but left and right, a details panel,
  // which they scroll.
  _onKey: function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey || t === this.slider) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
              t.isContentEditable)) { return; }
    var inPanel = t && t.closest && t.closest(".afmap-details");
    if (inPanel && ev.key !== "ArrowLeft" && ev.key !== "ArrowRight") { return; }
    // Left and right follow the reading direction: in Dari and Pashto, left is later.
    var ahead = AfmapText.rtl() ? -1 : 1;
    var moves = {ArrowLeft: -ahead, ArrowRight: ahead, PageUp: -10, PageDown: 10};
    if (moves[ev.key]) {
      this.setIndex(this.i + moves[ev.key]);
    } else if (ev.key === "Home") {
      this.setIndex(0);
    } else if (ev.key === "End") {
      this.setIndex(this.dates.length - 1);
    } else {
      return;
    }
    ev.preventDefault();
  }
});

/* The clock's slider as a map control. */
var AfmapTimeline = L.Control.extend({
  options: {position: "bottomleft", clock: null},
  onAdd: function () { return this.options.clock.el; }
});

/* Escape closes any open details panel, a click on the map too. */
function afmapCloseKeys(views) {
  "use strict";
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    views.forEach(function (view) { if (view.details.isOpen()) { view.details.close(); } });
  });
  views.forEach(function (view) { view.map.on("click", function () { view.details.close(); }); });
}

/*
 * Keyboard access that Leaflet does not give by itself: a skip link first,
 * the slider and play controls next in the Tab order (the bottom-left
 * corner's controls come first in the page), then the other controls, then
 * the provinces.
 */
function afmapKeyboardOrder(map, rtl, skipTarget) {
  "use strict";
  var box = map.getContainer();
  var corners = box.querySelector(".leaflet-control-container");
  var start = rtl ? "right" : "left", end = rtl ? "left" : "right";
  if (corners) {
    ["leaflet-bottom leaflet-" + start, "leaflet-top leaflet-" + start, "leaflet-top leaflet-" + end,
     "leaflet-bottom leaflet-" + end].forEach(function (cls) {
      var corner = corners.querySelector("." + cls.replace(" ", "."));
      if (corner) { corners.appendChild(corner); }
    });
    box.insertBefore(corners, box.firstChild);
  }
  var skip = AfmapDom.el("a", "afmap-skip", AfmapText.t("skip to provinces"));
  skip.href = "#";
  skip.addEventListener("click", function (e) {
    e.preventDefault();
    var first = skipTarget();
    if (first) { first.focus(); }
  });
  box.insertBefore(skip, box.firstChild);
}

/* The page of one map: the view, its controls, the URL's date, the keys. */
function afmapInit(map, groups, eventsGroup, labelsGroup) {
  "use strict";
  var data = JSON.parse(document.getElementById("afmap-data").textContent);
  var code = AfmapText.choose(data, location.search), t = AfmapText.t;
  var lang = AfmapText.current(), rtl = AfmapText.rtl();
  var model = AfmapState.translate(AfmapState.decode(data), code, lang);
  model.geometry = data.geometry;
  // Only the page's few settings are kept; the tables live on in the model alone.
  data = {title: data.title || t("map title"), subtitle: data.subtitle, tiles: data.tiles,
          bounds: data.bounds, mode: data.mode, year: data.year, languages: data.languages};
  var dates = model.dates, timeline = model.timeline;
  var box = map.getContainer();
  box.setAttribute("role", "main");
  box.setAttribute("aria-label", t("map label", {title: data.title}));
  document.documentElement.lang = lang.tag;
  document.documentElement.dir = lang.dir;
  var dayWords = AfmapText.when(model.day);
  document.title = timeline ? t("page title timeline", {title: data.title})
                            : t("page title day", {title: data.title, date: dayWords});
  var subtitle = data.subtitle || (timeline ? t("subtitle timeline")
    : data.year !== null && data.year !== undefined ? t("subtitle year", {date: dayWords, year: AfmapText.digits(data.year)})
    : t("subtitle day", {date: dayWords}));
  // Corners as the reader's script runs: title and slider where lines begin.
  var start = rtl ? "right" : "left", end = rtl ? "left" : "right";

  var view = new AfmapView(map, model, {groups: groups, eventsGroup: eventsGroup,
                                        labelsGroup: labelsGroup, tiles: data.tiles});
  var compact = afmapCompact();
  var title = new AfmapTitle({title: data.title, subtitle: subtitle, position: "top" + start,
                              languages: data.languages, lang: code}).addTo(map);
  if (map.zoomControl) {  // below the title, in the reader's language
    map.zoomControl.remove();
    map.zoomControl = L.control.zoom({position: "top" + start, zoomInTitle: t("zoom in"),
                                      zoomOutTitle: t("zoom out")}).addTo(map);
  }
  var legend = new AfmapLegend({factions: model.factions, collapsed: compact,
                                position: "bottom" + end}).addTo(map);
  var clock = timeline ? new AfmapClock(dates) : null;

  // The layer control is made here, not by folium: Leaflet inserts its
  // labels as HTML, and only the page's own escape ever sees the names.
  var overlays = {};
  model.factions.forEach(function (f, k) {
    overlays["<span class=\"afmap-swatch\" aria-hidden=\"true\" data-afmap-faction=\"" + k +
             "\" style=\"background:" + AfmapDom.escapeHtml(f.color) + "\"></span>" +
             AfmapDom.escapeHtml(f.name)] = groups[k];
  });
  if (model.events.length) { overlays[AfmapDom.escapeHtml(AfmapText.t("events layer"))] = eventsGroup; }
  overlays[AfmapDom.escapeHtml(AfmapText.t("names layer"))] = labelsGroup;
  var layers = L.control.layers(null, overlays, {collapsed: compact, position: "top" + end}).addTo(map);
  var toggle = layers.getContainer().querySelector(".leaflet-control-layers-toggle");
  if (toggle) { toggle.title = t("layers"); toggle.setAttribute("aria-label", t("layers")); }
  if (code !== "en" && map.attributionControl) {  // Leaflet's credit, its words translated
    var credit = AfmapDom.escapeHtml(t("leaflet credit"));
    map.attributionControl.setPrefix(String(map.attributionControl.options.prefix)
      .replace(/title="[^"]*"/, "title=\"" + credit + "\""));
  }

  // The layer control lists every faction of the timeline; those absent on
  // the date shown are hidden by a class on the map container, which
  // survives Leaflet rebuilding the control.
  var rules = AfmapDom.el("style");
  rules.textContent = model.factions.map(function (f, k) {
    return ".afmap-absent-" + k + " .leaflet-control-layers-overlays " +
           "label:has([data-afmap-faction=\"" + k + "\"]) { display: none; }";
  }).join("\n");
  document.head.appendChild(rules);
  var presentKey = null;

  view.on("show", function () {
    title.update(view);
    var present = legend.update(view);
    var key = JSON.stringify(present);
    if (key !== presentKey) {
      presentKey = key;
      model.factions.forEach(function (f, k) { box.classList.toggle("afmap-absent-" + k, !present[k]); });
    }
  });

  if (timeline) {
    clock.on("show", function (e) { view.show(e.index, e.day); });
    new AfmapTimeline({clock: clock, position: "bottom" + start}).addTo(map);
    map.keyboard.disable();  // the arrow keys step through time instead
    box.tabIndex = -1;
  }
  afmapCloseKeys([view]);

  afmapKeyboardOrder(map, rtl, function () {
    var first = null;
    view.provs.forEach(function (p) { if (!first && p.path && !p.off) { first = p.path; } });
    return first;
  });

  // Room for the title above and the slider below; at once, not animated from
  // folium's starting view, so the first paint is the final one.
  map.fitBounds(data.bounds, {paddingTopLeft: [12, compact ? 70 : 84], animate: false,
                              paddingBottomRight: [12, timeline ? (compact ? 100 : 96) : 12]});
  if (timeline) { clock.start(); } else { view.show(0, model.day); }
  view.nameAll();
  view.placeLabels();

  // Printing gives the map, title, date, legend and the sources of what is shown.
  var printBox = AfmapDom.el("section", "afmap-print-sources");
  printBox.setAttribute("aria-hidden", "true");
  document.body.appendChild(printBox);
  window.addEventListener("beforeprint", function () {
    legend.setCollapsed(false);
    while (printBox.firstChild) { printBox.removeChild(printBox.firstChild); }
    printBox.appendChild(AfmapDom.el("h2", null, AfmapText.t("print sources",
                                                             {date: AfmapText.when(view.day)})));
    var ol = AfmapDom.el("ol");
    view.shownSources().forEach(function (s) {
      var li = AfmapDom.el("li", null, s.text);
      li.appendChild(AfmapDom.el("span", "afmap-muted", " \u2014 " + s.provinces.join(", ")));
      ol.appendChild(li);
    });
    printBox.appendChild(ol);
  });
  window.addEventListener("afterprint", function () { legend.setCollapsed(afmapCompact()); });

  window.afmap = {
    mode: data.mode,
    dates: dates.slice(),
    model: model,
    layers: layers,
    current: function () { return {index: view.i, day: view.day}; },
    showDay: function (day) { if (clock) { clock.showDay(day); } },
    setIndex: function (i) { if (clock) { clock.setIndex(i); } }
  };
}
