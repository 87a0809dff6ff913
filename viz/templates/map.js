// Builds the map from the JSON data block. Every text from the data goes
// through textContent (tooltips are DOM elements built here) or is drawn on
// the canvas by vis-network; nothing from the data is ever parsed as HTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("iekg-data").textContent);

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function tooltip(tip) {
    var box = el("div");
    box.appendChild(el("div", tip.heading, "tip-heading"));
    if (tip.kind) { box.appendChild(el("div", tip.kind, "tip-kind")); }
    (tip.rows || []).forEach(function (row) {
      var line = el("div", null, "tip-row");
      line.appendChild(el("span", row[0], "tip-key"));
      line.appendChild(el("span", row[1]));
      box.appendChild(line);
    });
    if (tip.sources && tip.sources.length) {
      var src = el("div", null, "tip-sources");
      src.appendChild(el("div", "来源 Sources", "tip-key"));
      tip.sources.forEach(function (s) {
        var line = el("div", null, "tip-row");
        var meta = [s.publisher, s.date].filter(Boolean).join(" ");
        line.appendChild(el("span", "· " + s.title + (meta ? " (" + meta + ")" : "")));
        if (s.where) { line.appendChild(el("div", s.where, "tip-kind")); }
        if (s.url) { line.appendChild(el("div", s.url, "tip-url")); }
        src.appendChild(line);
      });
      box.appendChild(src);
    }
    return box;
  }

  // Tooltips are built when first hovered: a big map has tens of thousands
  // of items, and building them all up front would delay the first picture.
  var tips = {};
  function prepared(items, prefix) {
    return items.map(function (item) {
      var copy = Object.assign({}, item);
      if (copy.name !== undefined && copy.label === undefined) { copy.label = copy.name; }
      tips[prefix + item.id] = item.tip;
      delete copy.tip;
      return copy;
    });
  }
  function withSources(tip) {
    var copy = Object.assign({}, tip);
    copy.sources = (tip.sources || []).map(function (s) {
      return s.ref === undefined ? s : Object.assign({}, data.sources[s.ref], { where: s.where });
    });
    return copy;
  }

  var nodes = new vis.DataSet(prepared(data.nodes, "n:"));
  var edges = new vis.DataSet(prepared(data.edges, "e:"));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.iekgNetwork = network;
  window.network = network;
  function giveTip(set, key, id) {
    var tip = tips[key + id];
    if (tip) {
      set.update({ id: id, title: tooltip(withSources(tip)) });
      delete tips[key + id];
    }
  }
  network.on("hoverNode", function (e) { giveTip(nodes, "n:", e.node); });
  network.on("hoverEdge", function (e) { giveTip(edges, "e:", e.edge); });
  // A white page behind the graph, so the saved PNG is not transparent.
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  var hiddenKinds = {};
  var hiddenLinks = {};
  var upToYear = null;

  function tooLate(item) {
    return upToYear !== null && item.year !== null && item.year !== undefined && item.year > upToYear;
  }

  function applyFilters() {
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, hidden: !!hiddenKinds[n.group] || tooLate(n) };
    }));
    edges.update(data.edges.map(function (e) {
      var shown = (e.kinds || []).some(function (k) { return !hiddenLinks[k]; });
      return { id: e.id, hidden: ((e.kinds || []).length > 0 && !shown) || tooLate(e) };
    }));
  }

  function checkboxRow(parent, key, text, colour, onChange) {
    var row = el("div", null, "legend-row");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = key;
    box.addEventListener("change", function () { onChange(!box.checked); applyFilters(); });
    label.appendChild(box);
    if (colour) {
      var swatch = el("span", null, "swatch");
      swatch.style.background = colour;
      label.appendChild(swatch);
    }
    label.appendChild(document.createTextNode(text));
    row.appendChild(label);
    parent.appendChild(row);
  }

  var legend = document.getElementById("legend");
  data.legend.forEach(function (item) {
    checkboxRow(legend, item.label, item.zh + " " + item.en + " (" + item.count + ")", item.colour,
      function (off) { hiddenKinds[item.label] = off; });
  });

  var linkFilters = document.getElementById("edge-filters");
  if (linkFilters) {
    data.edge_filters.forEach(function (item) {
      checkboxRow(linkFilters, item.key, item.text + " (" + item.count + ")", null,
        function (off) { hiddenLinks[item.key] = off; });
    });
  }

  var edgeLegend = document.getElementById("edge-legend");
  if (edgeLegend) {
    data.edge_legend.forEach(function (item) {
      var row = el("div", null, "legend-row");
      var swatch = el("span", null, "swatch");
      swatch.style.background = item.colour;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(item.text));
      edgeLegend.appendChild(row);
    });
  }

  var years = data.nodes.concat(data.edges)
    .map(function (i) { return i.year; })
    .filter(function (y) { return typeof y === "number"; });
  var first = years.reduce(function (a, b) { return Math.min(a, b); }, Infinity);
  var last = years.reduce(function (a, b) { return Math.max(a, b); }, -Infinity);
  if (years.length && first === last) {
    document.getElementById("year-label").textContent = "全部在 all in " + first;
    document.getElementById("year").hidden = true;
    document.getElementById("time").hidden = false;
  } else if (years.length) {
    var slider = document.getElementById("year");
    var yearLabel = document.getElementById("year-label");
    slider.min = first;
    slider.max = last;
    slider.value = last;
    var showYear = function () {
      yearLabel.textContent = "截至 up to " + slider.value + "（无日期的始终显示 undated always shown）";
    };
    slider.addEventListener("input", function () {
      upToYear = Number(slider.value) >= last ? null : Number(slider.value);
      showYear();
      applyFilters();
    });
    showYear();
    document.getElementById("time").hidden = false;
  }

  var search = document.getElementById("search");
  var result = document.getElementById("search-result");
  function matches(text) {
    var t = text.trim().toLowerCase();
    if (!t) { return []; }
    var exact = [], partial = [];
    data.nodes.forEach(function (n) {
      var names = [n.name].concat(n.aliases || []).map(function (s) { return String(s).toLowerCase(); });
      if (names.indexOf(t) >= 0) { exact.push(n); }
      else if (names.some(function (k) { return k.indexOf(t) >= 0; })) { partial.push(n); }
    });
    return exact.concat(partial);
  }
  // While the layout is still settling, the final "fit" would undo a focus:
  // remember it and apply it once the nodes stop moving.
  var settled = !(data.options.physics && data.options.physics.enabled);
  var pendingFocus = null;
  function focusNode(hit) {
    network.selectNodes([hit.id]);
    if (!settled) { pendingFocus = hit; return; }
    network.focus(hit.id, { scale: 1.2, animation: false });
    window.iekgFocused = hit.id;
  }
  search.addEventListener("input", function () {
    var hits = matches(search.value);
    while (result.firstChild) { result.removeChild(result.firstChild); }
    if (!hits.length) {
      result.textContent = search.value.trim() ? "未找到 Not found" : "";
      network.unselectAll();
      return;
    }
    hits.slice(0, 8).forEach(function (hit) {
      var hidden = nodes.get(hit.id).hidden ? "（已被筛选隐藏 hidden by a filter）" : "";
      var button = el("button", hit.name + hidden);
      button.type = "button";
      button.addEventListener("click", function () { focusNode(hit); });
      result.appendChild(button);
    });
    if (hits.length > 8) { result.appendChild(el("div", "… " + (hits.length - 8) + " more")); }
    focusNode(hits[0]);
  });

  document.getElementById("save-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas");
    var link = document.createElement("a");
    link.download = (data.file_stem || "iekg-map") + ".png";
    link.href = canvas.toDataURL("image/png");
    window.iekgLastPng = link.href;
    document.body.appendChild(link);
    link.click();
    link.remove();
  });

  function markSettled() {
    settled = true;
    window.iekgReady = true;
    if (pendingFocus) { focusNode(pendingFocus); pendingFocus = null; }
  }
  if (settled) { markSettled(); }
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
    markSettled();
  });
})();
