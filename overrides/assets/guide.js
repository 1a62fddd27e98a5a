// Ticks and notes that stay (design §5). Every checklist box, every step of a card page and every
// step of a plan is saved in this browser by the step's id, so one step ticks alike wherever it
// appears; a note (date, confirmation number) is saved beside it. Without JavaScript the
// checklists are plain printable boxes with a line to write on; the step boxes, the note fields
// and the toolbar (count, print, clear) are added here because they only make sense when ticks
// can be kept. Another open tab catches up through the `storage` event.
(function () {
  "use strict"

  var TICK = "gs-tick:", NOTE = "gs-note:"
  var HERE = document.currentScript && document.currentScript.src
  var undo = null  // what the last "clear" removed, until the next change

  // The toolbar's words, from the page (overrides/main.html): converted with it in the 繁體 edition.
  function say(name, values) {
    var node = document.getElementById("gs-strings"), strings = {}
    try { strings = JSON.parse(node.dataset.strings) } catch (e) { /* no strings: the names show */ }
    return String(strings[name] || name).replace(/\{(\w+)\}/g, function (all, key) {
      return values && key in values ? values[key] : all
    })
  }

  // A box's key is "<page>/<step id>" or "<step id>"; ticks are kept per step id.
  function stepId(key) { return String(key).split("/").pop() }

  function read(key) {
    try { return window.localStorage.getItem(key) } catch (e) { return null }
  }

  function write(key, value) {
    try {
      if (value) window.localStorage.setItem(key, value)
      else window.localStorage.removeItem(key)
    } catch (e) { /* storage off (private mode): ticks last until the page is left */ }
  }

  // Ticks saved before they were kept per step id ("gs-tick:esim/esim-sign-in") move over once.
  function migrate() {
    try {
      var old = []
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i)
        if (key && key.indexOf(TICK) === 0 && key.indexOf("/") > 0) old.push(key)
      }
      old.forEach(function (key) {
        write(TICK + stepId(key.slice(TICK.length)), "1")
        write(key, null)
      })
    } catch (e) { /* no storage */ }
  }

  // A card page's step heading becomes one tap target: box, number and title in one label.
  function addStepBoxes(root) {
    root.querySelectorAll("h3.gs-step[data-key]").forEach(function (heading) {
      if (heading.querySelector("input.gs-tick")) return
      var label = document.createElement("label")
      label.className = "gs-row"
      var box = document.createElement("input")
      box.type = "checkbox"
      box.className = "gs-tick"
      box.dataset.key = heading.dataset.key
      label.appendChild(box)
      Array.prototype.slice.call(heading.childNodes).forEach(function (node) {
        if (!(node.classList && node.classList.contains("headerlink"))) label.appendChild(node)
      })
      heading.insertBefore(label, heading.firstChild)
    })
  }

  // The line for a date or confirmation number (a sheet's or plan's item, a card page's step) gets
  // a field whose text is kept with the tick, under the same key wherever the step appears.
  function addNotes(root) {
    root.querySelectorAll(".gs-write").forEach(function (line) {
      if (line.querySelector("input.gs-note")) return
      var key = line.dataset.key, title = null
      if (key) {  // a card page: the line follows its step heading
        var heading = line.previousElementSibling
        title = heading && heading.matches("h3.gs-step") ? heading.querySelector(".gs-row") || heading : null
      } else {
        var item = line.closest("li")
        var box = item && item.querySelector("input.gs-tick[data-key]")
        if (!box) return
        key = box.dataset.key
        title = item.querySelector(".gs-row__text")
      }
      var text = line.textContent.trim()
      var field = document.createElement("input")
      field.type = "text"
      field.className = "gs-note"
      field.dataset.key = key
      field.autocomplete = "off"
      field.setAttribute("aria-label", text + (title ? title.textContent.trim() : ""))
      line.appendChild(field)
    })
  }

  function boxes(root) { return Array.prototype.slice.call(root.querySelectorAll("input.gs-tick[data-key]")) }
  function notes(root) { return Array.prototype.slice.call(root.querySelectorAll("input.gs-note[data-key]")) }

  function restore(root) {
    boxes(root).forEach(function (box) { box.checked = read(TICK + stepId(box.dataset.key)) === "1" })
    notes(root).forEach(function (field) {
      var saved = read(NOTE + stepId(field.dataset.key)) || ""
      if (field.value !== saved && document.activeElement !== field) field.value = saved
    })
    count(root)
  }

  function count(root) {
    var all = {}, done = 0
    boxes(root).forEach(function (box) { all[stepId(box.dataset.key)] = box.checked })
    var ids = Object.keys(all)
    ids.forEach(function (id) { if (all[id]) done++ })
    root.querySelectorAll(".gs-count").forEach(function (node) {
      node.textContent = say("count", { done: done, total: ids.length })
    })
  }

  // Count, print and clear, where the page keeps room for them (guide.css).
  function addToolbar(root) {
    var article = root.querySelector("article.md-content__inner")
    if (!article || !boxes(article).length || article.querySelector(".gs-toolbar")) return
    var bar = document.createElement("div")
    bar.className = "gs-toolbar"
    var counter = document.createElement("span")
    counter.className = "gs-count"
    counter.setAttribute("role", "status")
    bar.appendChild(counter)
    ;[["gs-print", "print"], ["gs-reset", "reset"]].forEach(function (kind) {
      var button = document.createElement("button")
      button.type = "button"
      button.className = "md-button " + kind[0]
      button.textContent = say(kind[1])
      bar.appendChild(button)
    })
    var slot = article.querySelector(".gs-toolbar-slot")
    var title = article.querySelector(".gs-stale") || article.querySelector(".gs-version") ||
      article.querySelector("h1")
    if (slot) slot.appendChild(bar)
    else if (title) title.insertAdjacentElement("afterend", bar)
    else article.insertBefore(bar, article.firstChild)
  }

  function clear(button) {
    var article = button.closest("article") || document
    if (undo) {  // the button says 撤销: put back what was cleared
      Object.keys(undo).forEach(function (key) { write(key, undo[key]) })
      undo = null
      button.textContent = say("reset")
      restore(article)
      return
    }
    var saved = {}
    boxes(article).forEach(function (box) {
      var key = TICK + stepId(box.dataset.key)
      if (read(key)) saved[key] = read(key)
      write(key, null)
    })
    notes(article).forEach(function (field) {
      var key = NOTE + stepId(field.dataset.key)
      if (read(key)) saved[key] = read(key)
      write(key, null)
      field.value = ""
    })
    restore(article)
    if (Object.keys(saved).length) {
      undo = saved
      button.textContent = say("undo")
    }
  }

  function forgetUndo() {
    if (!undo) return
    undo = null
    document.querySelectorAll(".gs-reset").forEach(function (b) { b.textContent = say("reset") })
  }

  // One set of listeners for the whole document: boxes added later (a plan) work as they are.
  function listen() {
    document.addEventListener("change", function (event) {
      var box = event.target
      if (!(box instanceof HTMLInputElement) || !box.matches("input.gs-tick[data-key]")) return
      forgetUndo()
      write(TICK + stepId(box.dataset.key), box.checked ? "1" : null)
      restore(document)  // the same step elsewhere on the page, and the count
    })
    document.addEventListener("input", function (event) {
      var field = event.target
      if (!(field instanceof HTMLInputElement) || !field.matches("input.gs-note[data-key]")) return
      forgetUndo()
      write(NOTE + stepId(field.dataset.key), field.value.trim() ? field.value : null)
    })
    document.addEventListener("click", function (event) {
      var target = event.target instanceof Element ? event.target.closest("button") : null
      if (!target) return
      if (target.classList.contains("gs-print")) window.print()
      else if (target.classList.contains("gs-reset")) clear(target)
    })
    window.addEventListener("storage", function (event) {
      if (event.key === null || event.key.indexOf("gs-") === 0) restore(document)
    })
    // A page restored from the back/forward cache keeps its old boxes: read the ticks again.
    window.addEventListener("pageshow", function (event) { if (event.persisted) restore(document) })
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

  // The plan page's script, fetched only where a plan is built (with instant navigation too).
  function startPlan() {
    if (!document.getElementById("gs-plan-data")) return
    if (window.gsPlan) { window.gsPlan.start(); return }
    if (!HERE || document.querySelector("script[data-gs-plan]")) return
    var script = document.createElement("script")
    script.src = new URL("plan.js", HERE).href
    script.dataset.gsPlan = ""
    document.head.appendChild(script)
  }

  function setUp() {
    undo = null
    addStepBoxes(document)
    addNotes(document)
    addToolbar(document)
    restore(document)
    startPlan()
  }

  // For the plan page: its steps are drawn after the page loads.
  window.gsTicks = {
    refresh: function () { addNotes(document); addToolbar(document); restore(document) }
  }

  migrate()
  listen()
  openDetailsForPrint()
  if (window.document$) window.document$.subscribe(setUp)  // Material's instant navigation
  else document.addEventListener("DOMContentLoaded", setUp)
})()
