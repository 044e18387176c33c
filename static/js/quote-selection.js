// Progressive enhancement for the comment form: text selected in the section fills the
// "Passage you refer to" field. Without JavaScript the field is typed by hand.
(function () {
  "use strict";
  var source = document.querySelector("[data-quote-source]");
  var target = document.getElementById("id_quoted_passage");
  if (!source || !target) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "quote-button";
  button.textContent = source.getAttribute("data-quote-label");
  button.hidden = true;
  source.parentNode.insertBefore(button, source.nextSibling);
  var selected = "";
  document.addEventListener("selectionchange", function () {
    var selection = document.getSelection();
    var text = selection ? selection.toString().trim() : "";
    if (text && source.contains(selection.anchorNode)) {
      selected = text.slice(0, 2000);
      button.hidden = false;
    }
  });
  button.addEventListener("click", function () {
    target.value = selected;
    button.hidden = true;
    target.focus();
  });
})();
