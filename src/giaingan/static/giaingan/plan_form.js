/* Plan decision form: add a line without a round trip; show the net total per source.
   The form works without this file: the "add lines" button then asks the server. */
(function () {
  "use strict";
  var form = document.getElementById("plan-decision-form");
  if (!form) return;
  var body = form.querySelector("[data-lines]");
  var template = document.getElementById("line-template");
  var total = form.querySelector("input[name='lines-TOTAL_FORMS']");
  var maxForms = form.querySelector("input[name='lines-MAX_NUM_FORMS']");
  var addButton = form.querySelector("[data-add-line]");
  var netsBox = document.getElementById("net-by-source");
  var netsList = netsBox && netsBox.querySelector("[data-nets]");
  var kind = form.querySelector("select[name='kind']");

  function parseAmount(text) {
    text = (text || "").replace(/[\s\u00a0]/g, "");
    if (/^-?\d{1,3}(\.\d{3})+$/.test(text)) text = text.replace(/\./g, "");
    if (!/^-?\d{1,15}$/.test(text)) return null;
    return parseInt(text, 10);
  }

  function formatAmount(value) {
    var sign = value < 0 ? "-" : "";
    var digits = String(Math.abs(value));
    return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  var shown = null;

  function showNets() {
    if (!netsBox) return;
    var nets = {};
    var order = [];
    body.querySelectorAll("tr[data-line]").forEach(function (row) {
      var source = row.querySelector("select[name$='-source']");
      var amount = row.querySelector("input[name$='-amount']");
      if (!source || !amount || !source.value) return;
      var value = parseAmount(amount.value);
      if (value === null) return;
      if (!(source.value in nets)) { nets[source.value] = 0; order.push(source.value); }
      nets[source.value] += value;
    });
    var transfer = kind && kind.value === "dieu_chuyen";
    var items = order.map(function (code) {
      var text = code + ": " + formatAmount(nets[code]) + " đồng";
      var unbalanced = transfer && nets[code] !== 0;
      if (unbalanced) text += " (điều chuyển chưa cân bằng: tổng phải bằng 0)";
      return { text: text, unbalanced: unbalanced };
    });
    var signature = JSON.stringify(items);
    // Rebuild only on a real change: replacing nodes on every keystroke or blur makes the
    // browser re-anchor the scroll, and a click that follows a blur could then miss.
    if (signature === shown) return;
    shown = signature;
    netsList.textContent = "";
    items.forEach(function (entry) {
      var item = document.createElement("li");
      item.textContent = entry.text;
      if (entry.unbalanced) item.className = "bad";
      netsList.appendChild(item);
    });
    netsBox.hidden = items.length === 0;
  }

  function addLine(event) {
    var count = parseInt(total.value, 10);
    var limit = maxForms ? parseInt(maxForms.value, 10) : 1000;
    if (!template || isNaN(count) || count >= limit) return; // let the server answer
    event.preventDefault();
    var html = template.innerHTML
      .replace(/__prefix__/g, String(count))
      .replace(/__number__/g, String(count + 1));
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    var row = holder.querySelector("tr");
    body.appendChild(row);
    total.value = String(count + 1);
    var first = row.querySelector("input, select");
    if (first) first.focus();
  }

  if (addButton) {
    addButton.textContent = "Thêm một dòng";
    addButton.addEventListener("click", addLine);
  }
  form.addEventListener("input", showNets);
  form.addEventListener("change", showNets);
  showNets();
})();
