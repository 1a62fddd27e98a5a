// Ticks that stay (design §5): every checklist box and every step of a card page is saved in this
// browser under "<card>/<step id>", so one step ticks alike wherever it appears. Without
// JavaScript the checklists are plain printable boxes; the step boxes and the reset button are
// added here because they only make sense when ticks can be kept.
(function () {
  "use strict"

  var PREFIX = "gs-tick:"

  function load(key) {
    try { return window.localStorage.getItem(PREFIX + key) === "1" } catch (e) { return false }
  }

  function save(key, ticked) {
    try {
      if (ticked) window.localStorage.setItem(PREFIX + key, "1")
      else window.localStorage.removeItem(PREFIX + key)
    } catch (e) { /* storage off (private mode): ticks last until the page is left */ }
  }

  // A checkbox at the start of each numbered step heading of a card page.
  function addStepBoxes(root) {
    root.querySelectorAll("h3.gs-step[data-key]").forEach(function (heading) {
      if (heading.querySelector("input.gs-tick")) return
      var box = document.createElement("input")
      box.type = "checkbox"
      box.className = "gs-tick"
      box.dataset.key = heading.dataset.key
      var title = heading.cloneNode(true)
      title.querySelectorAll(".gs-step__number, .headerlink").forEach(function (n) { n.remove() })
      box.setAttribute("aria-label", "已完成：" + title.textContent.trim())
      heading.insertBefore(box, heading.firstChild)
    })
  }

  function boxesIn(root) {
    return Array.prototype.slice.call(root.querySelectorAll("input.gs-tick[data-key]"))
  }

  function restore(boxes) {
    boxes.forEach(function (box) { box.checked = load(box.dataset.key) })
  }

  function bindBoxes(root) {
    var boxes = boxesIn(root)
    restore(boxes)
    boxes.forEach(function (box) {
      box.addEventListener("change", function () { save(box.dataset.key, box.checked) })
    })
    return boxes
  }

  function addResetButton(root, boxes) {
    var article = root.querySelector("article.md-content__inner")
    if (!boxes.length || !article || article.querySelector(".gs-reset")) return
    var button = document.createElement("button")
    button.type = "button"
    button.className = "md-button gs-reset"
    button.textContent = "清除本页勾选"
    button.addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; save(box.dataset.key, false) })
    })
    var title = article.querySelector(".gs-stale") || article.querySelector(".gs-version") ||
      article.querySelector("h1")
    if (title) title.insertAdjacentElement("afterend", button)
    else article.insertBefore(button, article.firstChild)
  }

  // Collapsed blocks (FAQ) print open; they close again afterwards.
  function openDetailsForPrint() {
    var opened = []
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("details:not([open])").forEach(function (d) {
        d.open = true
        opened.push(d)
      })
    })
    window.addEventListener("afterprint", function () {
      opened.splice(0).forEach(function (d) { d.open = false })
    })
  }

  function setUp() {
    addStepBoxes(document)
    addResetButton(document, bindBoxes(document))
  }

  openDetailsForPrint()
  // A page restored from the back/forward cache keeps its old boxes: read the ticks again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) restore(boxesIn(document))
  })
  if (window.document$) window.document$.subscribe(setUp)  // Material's instant navigation
  else document.addEventListener("DOMContentLoaded", setUp)
})()
