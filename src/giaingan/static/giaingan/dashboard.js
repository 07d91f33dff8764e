// The cumulative rate curve against the targets and the previous year (Chart.js).
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var canvas = document.getElementById("progress-chart");
  if (!canvas || typeof Chart === "undefined") return;
  var percent = function (value) {
    return value === null ? "-" : value.toLocaleString("vi-VN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + "%";
  };
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.current_label, data: data.rate, borderColor: "#a4161a", backgroundColor: "#a4161a", tension: 0.2, spanGaps: false },
        { label: "Mục tiêu theo mốc", data: data.target, borderColor: "#1b7f3b", backgroundColor: "#1b7f3b", showLine: false, pointStyle: "rectRot", pointRadius: 7 },
        { label: data.previous_label, data: data.previous, borderColor: "#8a94a3", backgroundColor: "#8a94a3", borderDash: [6, 4], tension: 0.2 }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: { tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + percent(c.parsed.y); } } } }
    }
  });
})();
