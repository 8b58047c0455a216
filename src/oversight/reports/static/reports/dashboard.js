// The reports dashboard: the period picker shows the fields its kind of period needs (all
// show without JavaScript), and the charts. Data comes from the page's json_script block and
// the labels from data attributes, so the Content-Security-Policy needs no inline script.
(function () {
  const kind = document.getElementById("id_period_type");
  if (kind) {
    const show = () => {
      const v = kind.value;
      const wanted = v === "term" ? "term" : v === "range" ? "range" : "year";
      document.querySelectorAll("[data-period]").forEach((el) => {
        el.hidden = el.dataset.period !== wanted;
      });
    };
    kind.addEventListener("change", show);
    show();
  }
})();
(function () {
  const source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const labels = document.getElementById("chart-labels").dataset;
  const make = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return null;
    const c = echarts.init(el);
    c.setOption(option);
    window.addEventListener("resize", () => c.resize());
    return c;
  };
  make("chart-monthly", {tooltip: {trigger: "axis"}, legend: {}, grid: {left: 40, right: 16, bottom: 30},
    xAxis: {type: "category", data: data.monthly.months}, yAxis: {type: "value", minInterval: 1},
    series: [{name: labels.current, type: "line", smooth: false, data: data.monthly.current, color: "#8f2a1e"},
             {name: labels.previous, type: "line", smooth: false, data: data.monthly.previous, color: "#9aa5b1", lineStyle: {type: "dashed"}}]});
  const stages = make("chart-stages", {tooltip: {}, grid: {left: 150, right: 30, top: 10, bottom: 20},
    xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", inverse: true, data: data.stages.map((s) => s.name)},
    series: [{type: "bar", data: data.stages, color: "#6d1414", label: {show: true, position: "right"}}]});
  if (stages) stages.on("click", (p) => { window.location = labels.matterUrl + "?stage=" + encodeURIComponent(p.data.stage); });
  if (data.ranking) make("chart-ranking", {tooltip: {}, grid: {left: 110, right: 20, top: 10, bottom: 20},
    xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", data: data.ranking.names},
    series: [{type: "bar", data: data.ranking.values, color: "#8f2a1e"}]});
  if (data.overdue) make("chart-overdue", {tooltip: {}, grid: {left: 110, right: 20, top: 10, bottom: 20},
    xAxis: {type: "value", minInterval: 1}, yAxis: {type: "category", data: data.overdue.names},
    series: [{type: "bar", data: data.overdue.values, color: "#dc3545"}]});
})();
