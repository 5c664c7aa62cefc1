/*
 * afmap compare: two accounts on the main map's modules (afmap-state.js,
 * afmap.js), one clock over every change date of either, the provinces
 * where they disagree outlined on both maps, counted and listed beside.
 * Scenario text is inserted with textContent only, never as HTML.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("afmap-compare-data").textContent);
  var el = AfmapDom.el;
  AfmapText.use(data.sides[0].languages.en);  // the compare page is in English
  var compact = afmapCompact();
  var outline = {color: data.disagreeColor, weight: 3, opacity: 1, dashArray: null};

  var views = data.sides.map(function (side, index) {
    var model = AfmapState.decode(side);
    model.geometry = data.geometry;  // each view decodes it
    document.getElementById("cmp-title-" + index).textContent = side.title;
    var map = L.map("cmp-map-" + index, {zoomSnap: 0.25, attributionControl: false,
                                          keyboard: false});
    map.getContainer().setAttribute("aria-label", "Map of " + side.title);
    map.getContainer().tabIndex = -1;
    map.fitBounds(data.bounds);  // first: layers added to a map without a view draw later
    var view = new AfmapView(map, model, {outline: outline, describeExtra: function (prov) {
      return disagree[prov.code] ? "; the accounts disagree here" : "";
    }});
    var key = el("li", "afmap-legend-extra");
    var sw = el("span", "cmp-outline");
    sw.setAttribute("aria-hidden", "true");
    key.appendChild(sw);
    key.appendChild(el("span", null, "The accounts disagree"));
    view.legend = new AfmapLegend({factions: model.factions,
                                   collapsed: compact || map.getSize().x < 700,
                                   id: "cmp-legend-" + index, extra: key}).addTo(map);
    return view;
  });
  afmapCloseKeys(views);

  document.getElementById("cmp-subtitle").textContent = data.subtitle;
  var clock = new AfmapClock(data.dates, "Date of both maps");
  document.getElementById("cmp-clock").appendChild(clock.el);
  var disagree = {};

  /* Codes where the two accounts differ in holder or status on the date shown. */
  function differences() {
    var out = [];
    views[0].provs.forEach(function (prov, k) {
      var a = AfmapState.standing(views[0].model, prov.state);
      var b = AfmapState.standing(views[1].model, views[1].provs[k].state);
      if (a !== b) { out.push(k); }
    });
    return out;
  }

  function said(view, prov) {
    var s = prov.state;
    if (!s) { return "no data"; }
    return AfmapState.factionName(view.model, s.faction) +
      (s.contested ? " (" + AfmapState.statusText(view.model, s) + ")" : "");
  }

  function showList(ks) {
    var list = document.getElementById("cmp-list");
    while (list.firstChild) { list.removeChild(list.firstChild); }
    ks.forEach(function (k) {
      var li = el("li"), b = el("button");
      b.type = "button";
      b.appendChild(el("strong", null, views[0].provs[k].name));
      views.forEach(function (view, i) {
        b.appendChild(el("span", "cmp-side", data.sides[i].title + ": " + said(view, view.provs[k])));
      });
      b.addEventListener("click", function () {
        var prov = views[0].provs[k];
        views[0].openProvince(prov, L.latLng(prov.label), b);
      });
      li.appendChild(b);
      list.appendChild(li);
    });
    var n = ks.length;
    document.getElementById("cmp-count").textContent = n + (n === 1
      ? " province where the accounts disagree" : " provinces where the accounts disagree");
  }

  clock.on("show", function (e) {
    views.forEach(function (view) {
      view.show(AfmapState.indexFor(view.model, e.day), e.day);
    });
    var ks = differences();
    disagree = {};
    ks.forEach(function (k) { disagree[views[0].provs[k].code] = true; });
    views.forEach(function (view) {
      view.outline(disagree);
      view.renameAll();  // whether the accounts disagree is part of each name
      view.legend.update(view);
    });
    showList(ks);
  });

  var syncing = false;
  function follow(from, to) {
    from.on("move zoom", function () {
      if (syncing) { return; }
      syncing = true;
      // reset: an exact view; a plain setView pans by whole pixels and drifts
      to.setView(from.getCenter(), from.getZoom(), {animate: false, reset: true});
      syncing = false;
    });
  }
  follow(views[0].map, views[1].map);
  follow(views[1].map, views[0].map);

  if (clock.readHash()) { clock.start(); } else { clock.showDay(data.day, true); }
  views.forEach(function (view) { view.placeLabels(); });

  window.afmapCompare = {
    maps: views.map(function (v) { return v.map; }),
    clock: clock,
    current: function () { return clock.current(); },
    disagree: function () { return Object.keys(disagree).sort(); },
    outlined: function (i) {
      var out = [];
      views[i].map.eachLayer(function (l) {
        if (l.options && l.options.className === "afmap-disagree") { out.push(l); }
      });
      return out.length;
    }
  };
}());
