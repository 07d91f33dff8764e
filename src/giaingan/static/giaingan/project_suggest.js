/* A catalogue too long to send whole (a province's projects): the code field's list is
   filled from the server as the user types. Without this file the code is typed in full. */
(function () {
  "use strict";
  document.querySelectorAll("datalist[data-suggest]").forEach(function (list) {
    var url = list.getAttribute("data-suggest");
    var timer = null;
    var asked = null;

    function fill(projects) {
      list.textContent = "";
      projects.forEach(function (project) {
        var option = document.createElement("option");
        option.value = project.code;
        option.textContent = project.name;
        list.appendChild(option);
      });
    }

    function ask(text) {
      if (text === asked) return;
      asked = text;
      fetch(url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { projects: [] }; })
        .then(function (data) { if (asked === text) fill(data.projects); })
        .catch(function () { asked = null; });
    }

    // Delegated: the plan form adds lines after the page has loaded.
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.getAttribute("list") !== list.id) return;
      var text = input.value.trim();
      clearTimeout(timer);
      if (text) timer = setTimeout(function () { ask(text); }, 200);
    });
  });
})();
