// The dashboard's filters, without libraries: the jurisdiction list opens that jurisdiction's page,
// the year list shows only that year's column of the matrix (remembered in the page's #year=…).
(function () {
  "use strict";
  var place = document.getElementById("filter-jurisdiction");
  if (place) {
    place.addEventListener("change", function () {
      var root = place.getAttribute("data-root") || "";
      window.location.href = root + (place.value || "index.html") + window.location.hash;
    });
  }
  var year = document.getElementById("filter-year");
  var matrix = document.getElementById("matrix");
  if (!year || !matrix) {
    return;
  }
  function show(value) {
    // the column of each year is told by the header's data-year; body cells follow by position
    var headers = matrix.querySelectorAll("thead th");
    var rows = matrix.querySelectorAll("tbody tr");
    for (var k = 0; k < headers.length; k++) {
      var column = headers[k].getAttribute("data-year");
      if (column === null) {
        continue;
      }
      var hide = value !== "" && column !== value;
      headers[k].classList.toggle("hidden-year", hide);
      for (var i = 0; i < rows.length; i++) {
        rows[i].children[k].classList.toggle("hidden-year", hide);
      }
    }
  }
  year.addEventListener("change", function () {
    show(year.value);
    window.location.hash = year.value ? "year=" + year.value : "";
  });
  var match = /year=(\d{4})/.exec(window.location.hash);
  if (match) {
    year.value = match[1];
    show(year.value);
  }
})();

// The agency page (agency.html#<jurisdiction>/<agency id>): loads the jurisdiction's data script
// a/<jurisdiction>.js and draws the agency's history as an SVG chart and a table. Every text goes in
// through textContent, never as markup.
(function () {
  "use strict";
  var box = document.getElementById("agency");
  if (!box) {
    return;
  }
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 560, HEIGHT = 220, LEFT = 36, BASE = 196, TOP = 12;
  var match = /^#([0-9a-f]{12})\/(\d+)$/.exec(window.location.hash);
  window.addEventListener("hashchange", function () { window.location.reload(); });

  function missing() {
    document.getElementById("agency-missing").hidden = false;
  }
  function element(name, attributes, text) {
    var node = document.createElementNS(SVG, name);
    for (var key in attributes) {
      node.setAttribute(key, attributes[key]);
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }
  function cell(tag, text, className) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) {
      node.className = className;
    }
    return node;
  }
  function axisTop(peak) {
    for (var magnitude = 1; ; magnitude *= 10) {
      var steps = [magnitude, 2 * magnitude, 5 * magnitude];
      for (var i = 0; i < steps.length; i++) {
        if (steps[i] * 4 >= peak) {
          return steps[i] * 4;
        }
      }
    }
  }
  function draw(rows, outcomes) {
    var svg = document.getElementById("agency-chart");
    var drawn = rows.filter(function (r) { return r.length > 7; });
    if (!drawn.length) {
      svg.appendChild(element("text", {x: WIDTH / 2, y: HEIGHT / 2, "text-anchor": "middle", "class": "tick"},
                              "尚无表三数据"));
      return;
    }
    var peak = 0;
    drawn.forEach(function (r) {
      var sum = r.slice(8).reduce(function (a, b) { return a + b; }, 0);
      peak = Math.max(peak, r[7], sum);
    });
    var top = axisTop(peak), span = BASE - TOP, slot = (WIDTH - LEFT) / drawn.length;
    function y(v) { return BASE - v / top * span; }
    for (var k = 0; k <= 4; k++) {
      var at = y(top * k / 4);
      svg.appendChild(element("line", {x1: LEFT, x2: WIDTH, y1: at, y2: at, "class": "grid"}));
      svg.appendChild(element("text", {x: LEFT - 4, y: at + 4, "text-anchor": "end", "class": "tick"}, String(top * k / 4)));
    }
    var points = [];
    drawn.forEach(function (r, i) {
      var x = LEFT + i * slot, stacked = 0;
      outcomes.forEach(function (o, j) {
        var v = r[8 + j];
        if (v > 0) {
          var rect = element("rect", {x: x + slot * 0.2, y: y(stacked + v), width: slot * 0.6,
                                      height: v / top * span, fill: o.colour});
          rect.appendChild(element("title", {}, r[0] + " 年" + o.label + " " + v + " 件"));
          svg.appendChild(rect);
          stacked += v;
        }
      });
      svg.appendChild(element("text", {x: x + slot / 2, y: BASE + 16, "text-anchor": "middle", "class": "tick"}, String(r[0])));
      points.push((x + slot / 2) + "," + y(r[7]));
    });
    svg.appendChild(element("polyline", {points: points.join(" "), fill: "none", stroke: "#000",
                                         "stroke-width": 2, "stroke-dasharray": "5 3"}));
  }
  function table(rows, outcomes, kinds) {
    var body = document.getElementById("agency-years");
    rows.forEach(function (r) {
      var tr = document.createElement("tr"), th = document.createElement("th");
      th.scope = "row";
      if (r[6]) {
        var a = cell("a", String(r[0]));
        a.href = r[6];
        th.appendChild(a);
      } else {
        th.textContent = String(r[0]);
      }
      tr.appendChild(th);
      var kind = kinds[r[1]] || {label: r[1], symbol: ""};
      var detail = [r[2] ? "错误 " + r[2] : "", r[3] ? "警告 " + r[3] : ""].filter(Boolean).join(" · ");
      var status = cell("td", kind.symbol + " " + kind.label + (detail ? "（" + detail + "）" : ""), "k-" + r[1]);
      tr.appendChild(status);
      tr.appendChild(cell("td", (r[4] || "—") + "（" + r[5] + "）"));
      if (r.length > 7) {
        r.slice(7).forEach(function (v) { tr.appendChild(cell("td", String(v))); });
      } else {
        var none = cell("td", "—", "text-muted");
        none.colSpan = outcomes.length + 1;
        tr.appendChild(none);
      }
      body.appendChild(tr);
    });
  }
  window.nianbaoHistory = function (jurisdiction, agencies) {
    var entry = match && agencies[match[2]];
    if (!entry) {
      missing();
      return;
    }
    var outcomes = [], kinds = {};
    document.querySelectorAll("[data-outcome]").forEach(function (node) {
      outcomes.push({colour: node.getAttribute("data-colour"), label: node.nextSibling.textContent.trim()});
    });
    document.querySelectorAll("#kinds li").forEach(function (node) {
      kinds[node.getAttribute("data-kind")] = {label: node.textContent, symbol: node.getAttribute("data-symbol")};
    });
    document.getElementById("agency-name").textContent = entry[0];
    document.title = entry[0] + " · " + document.title;
    var back = document.getElementById("agency-jurisdiction");
    back.textContent = jurisdiction;
    back.href = "j/" + match[1] + ".html";
    draw(entry[1], outcomes);
    table(entry[1], outcomes, kinds);
  };
  if (!match) {
    missing();
    return;
  }
  var script = document.createElement("script");
  script.src = "a/" + match[1] + ".js";
  script.onerror = missing;
  document.head.appendChild(script);
})();

// A report page's tables 二/三/四: the layout's skeleton (assets/tables.js) filled with the report's
// cells (the JSON in #report-cells); cells a finding used are marked with its number.
(function () {
  "use strict";
  var box = document.getElementById("report-tables");
  var data = document.getElementById("report-cells");
  if (!box || !data || !window.NIANBAO_TABLES) {
    return;
  }
  var grids = window.NIANBAO_TABLES[box.getAttribute("data-layout")] || [];
  var cells = JSON.parse(data.textContent).grids;
  function add(parent, tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    parent.appendChild(node);
    return node;
  }
  grids.forEach(function (grid, g) {
    var mine = cells[g] || {v: [], m: {}};
    var wrap = add(box, "div", null, "table-responsive");
    var marked = Object.keys(mine.m).length > 0;
    var table = add(wrap, "table", null, "table table-sm table-bordered cells" + (marked ? " marked" : ""));
    if (grid.title) {
      add(table, "caption", grid.title);
    }
    var head = add(table, "thead");
    grid.headers.forEach(function (header) {
      var tr = add(head, "tr");
      header.forEach(function (h) {
        var th = add(tr, "th", h[0]);
        th.scope = "col";
        if (h[1] > 1) {
          th.colSpan = h[1];
        }
      });
    });
    var body = add(table, "tbody");
    mine.v.forEach(function (values, i) {
      var tr = add(body, "tr");
      var label = i < grid.rows.length ? grid.rows[i] : (mine.x || [])[i - grid.rows.length];
      if (label !== null && label !== undefined) {
        add(tr, "th", label).scope = "row";
      }
      values.forEach(function (value, j) {
        var state = value === null ? "absent" : value === "b" ? "blank" : "value";
        var text = state === "absent" ? "未印" : state === "blank" ? "空白" : String(value);
        var marks = mine.m[i + "," + j] || [];
        var td = add(tr, "td", text, state + (marks.length ? " used" : ""));
        if (marks.length) {
          td.title = "核查发现 " + marks.join("、") + " 所用";
          marks.forEach(function (n) {
            var link = add(add(td, "sup"), "a", String(n));
            link.href = "#f" + n;
          });
        }
      });
    });
  });
})();
