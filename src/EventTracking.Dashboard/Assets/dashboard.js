// EventTracking dashboard: draws the overview charts and runs the live tail.
// Event text is untrusted: it only ever reaches the page through textContent and setAttribute, never as HTML.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = ["#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00",
    "#b82e2e", "#316395", "#994499", "#22aa99", "#aaaa11", "#6633cc", "#e67300", "#8b0707"];

  function el(name, attributes, text) {
    var node = document.createElement(name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function svg(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function label(iso, seconds) {
    var text = iso.replace("T", " ").replace(/\.\d+/, "").replace("Z", "");
    return seconds >= 86400 ? text.slice(0, 10) : text.slice(5, 16);
  }

  // A stacked bar per bucket; every bar segment carries data-name, data-bucket and data-count.
  function drawEvents(host, legend, data) {
    var width = 960, height = 280, left = 48, bottom = 24, top = 8;
    var n = data.buckets.length;
    var totals = data.buckets.map(function (_, i) {
      return data.series.reduce(function (sum, s) { return sum + s.counts[i]; }, 0);
    });
    var max = Math.max(1, Math.max.apply(null, totals.concat([0])));
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", "class": "bars", id: "events-svg" });
    var plot = height - bottom - top, step = (width - left) / Math.max(1, n), barWidth = Math.max(1, step * 0.8);
    [0, Math.round(max / 2), max].filter(function (v, i, all) { return all.indexOf(v) === i; }).forEach(function (value) {
      var y = top + plot - plot * value / max;
      chart.appendChild(svg("line", { x1: left, x2: width, y1: y, y2: y, "class": "grid" }));
      chart.appendChild(svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", "class": "axis" }, String(value)));
    });
    data.buckets.forEach(function (bucket, i) {
      var y = top + plot;
      data.series.forEach(function (series, s) {
        var count = series.counts[i];
        if (!count) { return; }
        var h = plot * count / max;
        y -= h;
        var rect = svg("rect", { x: left + i * step, y: y, width: barWidth, height: Math.max(h, 0.5), fill: COLORS[s % COLORS.length],
          "data-name": series.name, "data-bucket": bucket, "data-count": count });
        rect.appendChild(svg("title", {}, series.name + " · " + label(bucket, data.bucketSeconds) + " · " + count));
        chart.appendChild(rect);
      });
      if (n <= 12 || i % Math.ceil(n / 8) === 0) {
        chart.appendChild(svg("text", { x: left + i * step, y: height - 6, "class": "axis" }, label(bucket, data.bucketSeconds)));
      }
    });
    host.replaceChildren(chart);
    legend.replaceChildren();
    data.series.forEach(function (series, s) {
      var total = series.counts.reduce(function (a, b) { return a + b; }, 0);
      var item = el("span", { "class": "legend-item", "data-name": series.name, "data-total": String(total) });
      // Through the CSSOM: the content security policy refuses style attributes.
      var swatch = el("i");
      swatch.style.backgroundColor = COLORS[s % COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(series.name + " (" + total + ")"));
      legend.appendChild(item);
    });
  }

  function drawUsers(host, users) {
    var width = 480, height = 160, bottom = 20, top = 14;
    var max = Math.max(1, Math.max.apply(null, users.map(function (u) { return u.users; }).concat([0])));
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", "class": "bars", id: "users-svg" });
    var step = width / Math.max(1, users.length), plot = height - bottom - top;
    users.forEach(function (u, i) {
      var h = plot * u.users / max;
      var rect = svg("rect", { x: i * step + 2, y: top + plot - h, width: Math.max(1, step - 4), height: Math.max(h, 0.5),
        "class": "users", "data-day": u.day, "data-users": u.users });
      rect.appendChild(svg("title", {}, u.day + " · " + u.users + " users"));
      chart.appendChild(rect);
      chart.appendChild(svg("text", { x: i * step + step / 2, y: height - 4, "text-anchor": "middle", "class": "axis" }, u.day.slice(5)));
      chart.appendChild(svg("text", { x: i * step + step / 2, y: top + plot - h - 2, "text-anchor": "middle", "class": "axis" }, String(u.users)));
    });
    host.replaceChildren(chart);
  }

  function overview() {
    var island = document.getElementById("overview-data");
    if (!island) { return; }
    var data = JSON.parse(island.textContent);
    drawEvents(document.getElementById("events-chart"), document.getElementById("events-legend"), data);
    drawUsers(document.getElementById("users-chart"), data.users);
    var range = document.getElementById("range");
    if (range) { range.addEventListener("change", function () { range.form.submit(); }); }
  }

  function tail() {
    var table = document.getElementById("tail");
    if (!table) { return; }
    var rows = document.getElementById("tail-rows");
    var status = document.getElementById("tail-status");
    var pause = document.getElementById("tail-pause");
    var name = document.getElementById("tail-name").value.trim();
    var source = null, last = null, received = 0;

    function open() {
      var url = table.getAttribute("data-stream") + "?";
      if (name) { url += "name=" + encodeURIComponent(name) + "&"; }
      if (last) { url += "after=" + encodeURIComponent(last); }
      source = new EventSource(url);
      source.onopen = function () { status.textContent = "Live" + (name ? " · " + name : "") + " · " + received + " received"; };
      source.onerror = function () { status.textContent = "Reconnecting…"; };
      source.addEventListener("tracking", function (message) {
        last = message.lastEventId || last;
        add(JSON.parse(message.data));
        received++;
        status.textContent = "Live" + (name ? " · " + name : "") + " · " + received + " received";
      });
    }

    function add(evt) {
      var row = el("tr", { "data-id": evt.id, "data-name": evt.name });
      row.appendChild(el("td", { "class": "time" }, evt.timestamp.replace("T", " ").replace("+00:00", "")));
      var nameCell = el("td");
      nameCell.appendChild(el("a", { href: table.getAttribute("data-events") + encodeURIComponent(evt.id) }, evt.name));
      row.appendChild(nameCell);
      var user = evt.context ? evt.context.user_id : undefined;
      row.appendChild(el("td", {}, user === undefined || user === null ? "" : String(user)));
      var data = JSON.stringify(evt.data || {});
      var dataCell = el("td", { "class": "data" });
      dataCell.appendChild(el("code", {}, data.length > 200 ? data.slice(0, 200) + "…" : data));
      row.appendChild(dataCell);
      rows.insertBefore(row, rows.firstChild);
      while (rows.childNodes.length > 500) { rows.removeChild(rows.lastChild); }
    }

    pause.addEventListener("click", function () {
      if (source) {
        source.close();
        source = null;
        pause.textContent = "Resume";
        pause.setAttribute("aria-pressed", "true");
        status.textContent = "Paused";
      } else {
        pause.textContent = "Pause";
        pause.setAttribute("aria-pressed", "false");
        open();
      }
    });
    open();
  }

  document.addEventListener("DOMContentLoaded", function () {
    overview();
    tail();
  });
})();
