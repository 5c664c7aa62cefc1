/* afmap compare: two Leaflet maps that pan and zoom together.
 * Scenario text is inserted with textContent only, never as HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("afmap-compare-data").textContent);
  var disagree = {};
  data.disagree.forEach(function (code) { disagree[code] = true; });

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function popup(side, feature) {
    var row = side.rows[feature.properties.code] || {};
    var box = el("div", "cmp-popup");
    box.appendChild(el("h3", null, feature.properties.name));
    var holder = row.faction ? (row.faction_name || row.faction) : "No data";
    box.appendChild(el("p", null, "Holder: " + holder));
    var status = row.status || "no-data";
    if (row.contested_by && row.contested_by.length) {
      status += " by " + row.contested_by.map(function (f) {
        return side.factions[f] ? side.factions[f].name : f;
      }).join(", ");
    }
    box.appendChild(el("p", null, "Status: " + status));
    if (row.period) { box.appendChild(el("p", null, "Period: " + row.period)); }
    if (row.note) { box.appendChild(el("p", null, "Note: " + row.note)); }
    if (row.sources && row.sources.length) {
      box.appendChild(el("p", null, "Sources:"));
      var list = el("ul");
      row.sources.forEach(function (s) { list.appendChild(el("li", null, s)); });
      box.appendChild(list);
    }
    if (disagree[feature.properties.code]) {
      box.appendChild(el("p", null, "The two accounts disagree here."));
    }
    return box;
  }

  function style(side, feature) {
    var row = side.rows[feature.properties.code] || {};
    var fac = row.faction && side.factions[row.faction];
    var out = disagree[feature.properties.code];
    return {
      fillColor: fac ? fac.color : "#e4e4e4",
      fillOpacity: row.status === "contested" ? 0.55 : 0.85,
      color: out ? data.disagreeColor : "#ffffff",
      weight: out ? 4 : 1,
      dashArray: row.status === "contested" ? "4 3" : null
    };
  }

  function legend(side, node) {
    side.order.forEach(function (fid) {
      var item = el("span");
      var sw = el("span", "sw");
      sw.style.background = side.factions[fid].color;
      item.appendChild(sw);
      item.appendChild(document.createTextNode(side.factions[fid].name));
      node.appendChild(item);
    });
  }

  function makeMap(index) {
    var side = data.sides[index];
    document.getElementById("cmp-title-" + index).textContent = side.title;
    legend(side, document.getElementById("cmp-legend-" + index));
    var map = L.map("cmp-map-" + index, { zoomSnap: 0.25, attributionControl: false });
    map.fitBounds(data.bounds);  // first: layers added to a map without a view draw later
    var layer = L.geoJSON(data.geometry, {
      style: function (f) { return style(side, f); },
      onEachFeature: function (f, lyr) {
        lyr.bindPopup(function () { return popup(side, f); });
        lyr.bindTooltip(function () { return el("span", null, f.properties.name); }, { sticky: true });
      }
    }).addTo(map);
    layer.eachLayer(function (lyr) {
      if (disagree[lyr.feature.properties.code]) { lyr.bringToFront(); }
    });
    return map;
  }

  document.getElementById("cmp-subtitle").textContent = data.subtitle;
  var n = data.disagree.length;
  document.getElementById("cmp-count").textContent =
    n + (n === 1 ? " province where the accounts disagree" : " provinces where the accounts disagree");

  var maps = [makeMap(0), makeMap(1)];
  var syncing = false;
  function follow(from, to) {
    from.on("move zoom", function () {
      if (syncing) { return; }
      syncing = true;
      // reset: an exact view; a plain setView pans by whole pixels and drifts
      to.setView(from.getCenter(), from.getZoom(), { animate: false, reset: true });
      syncing = false;
    });
  }
  follow(maps[0], maps[1]);
  follow(maps[1], maps[0]);
  window.afmapCompare = { maps: maps, disagree: data.disagree };
})();
