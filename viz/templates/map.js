// Builds the map from the JSON data block. Every text from the data goes
// through textContent or vis-network's plain-text titles, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("iekg-data").textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.iekgNetwork = network;
  window.network = network;
  var hiddenKinds = {};

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function applyFilters() {
    var updates = data.nodes.map(function (n) {
      return { id: n.id, hidden: !!hiddenKinds[n.group] };
    });
    nodes.update(updates);
  }

  var legend = document.getElementById("legend");
  data.legend.forEach(function (item) {
    var row = el("div");
    row.className = "legend-row";
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = item.label;
    box.addEventListener("change", function () {
      hiddenKinds[item.label] = !box.checked;
      applyFilters();
    });
    var swatch = el("span");
    swatch.className = "swatch";
    swatch.style.background = item.colour;
    label.appendChild(box);
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(item.zh + " " + item.en + " (" + item.count + ")"));
    row.appendChild(label);
    legend.appendChild(row);
  });

  var edgeLegend = document.getElementById("edge-legend");
  if (edgeLegend) {
    data.edge_legend.forEach(function (item) {
      var row = el("div");
      row.className = "legend-row";
      var swatch = el("span");
      swatch.className = "swatch";
      swatch.style.background = item.colour;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(item.text));
      edgeLegend.appendChild(row);
    });
  }

  var search = document.getElementById("search");
  var result = document.getElementById("search-result");
  function find(text) {
    var t = text.trim().toLowerCase();
    if (!t) { return null; }
    var exact = null, partial = null;
    data.nodes.forEach(function (n) {
      var names = [n.name].concat(n.aliases || []);
      names.forEach(function (name) {
        var k = String(name).toLowerCase();
        if (k === t && !exact) { exact = n; }
        else if (k.indexOf(t) >= 0 && !partial) { partial = n; }
      });
    });
    return exact || partial;
  }
  search.addEventListener("input", function () {
    var hit = find(search.value);
    if (!hit) {
      result.textContent = search.value.trim() ? "未找到 Not found" : "";
      network.unselectAll();
      return;
    }
    result.textContent = hit.name;
    network.selectNodes([hit.id]);
    network.focus(hit.id, { scale: 1.2, animation: false });
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

  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: false });
  });
})();
