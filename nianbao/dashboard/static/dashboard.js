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
    var cells = matrix.querySelectorAll("[data-year]");
    for (var i = 0; i < cells.length; i++) {
      var hide = value !== "" && cells[i].getAttribute("data-year") !== value;
      cells[i].classList.toggle("hidden-year", hide);
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
