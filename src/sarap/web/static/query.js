// Checks the topic query while it is typed: a parse error with its column and a caret, or how many
// readable items it matches with a few examples (hits marked by the server, text escaped there).
(function () {
  var input = document.querySelector(".topic-form input[name=query]");
  var box = document.getElementById("query-check");
  if (!input || !box) return;
  var timer = null, seq = 0;
  function show(result) {
    box.textContent = "";
    if (!result.ok) {
      var p = document.createElement("p");
      p.className = "field-error";
      p.textContent = box.dataset.labelError + ", " + box.dataset.labelColumn + " " + result.column + ": " + result.message;
      var pre = document.createElement("pre");
      pre.className = "caret";
      pre.textContent = input.value + "\n" + " ".repeat(result.position) + "^";
      box.appendChild(p); box.appendChild(pre);
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    var count = document.createElement("p");
    count.className = "count";
    count.textContent = box.dataset.labelCount + ": " + result.count + " / " + result.total;
    box.appendChild(count);
    var list = document.createElement("ul");
    list.className = "examples";
    result.examples.forEach(function (ex) {
      var li = document.createElement("li");
      li.innerHTML = ex.html;  // escaped on the server, only <mark> added
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  function check() {
    var mine = ++seq, q = input.value;
    if (!q.trim()) { box.textContent = ""; return; }
    fetch("/api/v1/monitor/query-check?q=" + encodeURIComponent(q), {credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (result) { if (mine === seq) show(result); });
  }
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 300); });
})();
