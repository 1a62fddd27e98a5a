// 来源 (hooks/sources_html.py): the card with the quote opens on a tap, a click or Enter without
// this script (the popover attribute). This adds what the attribute cannot: it opens on hover and
// on keyboard focus, sits beside its button on a wide screen, and gives focus back to the button
// when the card closes. A browser without popovers gets the same by a class.
(function () {
  "use strict"

  var POPOVERS = typeof HTMLElement !== "undefined" && HTMLElement.prototype.hasOwnProperty("popover")
  var WIDE = window.matchMedia("(min-width: 45em)")
  var GAP = 6
  var hideTimer = 0
  var refocusing = false
  var pinned = null
  var OPEN = POPOVERS ? ".gs-cite__card:popover-open" : ".gs-cite__card--open"

  function citation(node) {
    var cite = node instanceof Element ? node.closest(".gs-cite") : null
    if (!cite) return null
    var button = cite.querySelector(".gs-cite__button")
    var card = cite.querySelector(".gs-cite__card")
    return button && card ? { cite: cite, button: button, card: card } : null
  }

  function isOpen(card) {
    return card.matches(OPEN)
  }

  function show(c) {
    window.clearTimeout(hideTimer)
    if (!isOpen(c.card)) {
      if (POPOVERS) {
        c.card.showPopover()
      } else {
        document.querySelectorAll(".gs-cite__card--open").forEach(function (open) { close(citation(open)) })
        c.card.classList.add("gs-cite__card--open")
        c.button.setAttribute("aria-expanded", "true")
      }
    }
    place(c)
  }

  function close(c) {
    if (!c || !isOpen(c.card)) return
    if (POPOVERS) {
      c.card.hidePopover()
    } else {
      c.card.classList.remove("gs-cite__card--open")
      c.button.setAttribute("aria-expanded", "false")
      closed(c)
    }
  }

  // After a card closes: focus goes back to its button if it was inside the card.
  function closed(c) {
    if (pinned === c.card) pinned = null
    if (c.card.contains(document.activeElement)) {
      refocusing = true
      c.button.focus()
      refocusing = false
    }
  }

  // Wide screens: below the button (above it near the bottom edge). CSSOM, not a style
  // attribute, so the CSP's style-src 'self' allows it.
  function place(c) {
    var style = c.card.style
    if (!WIDE.matches) {
      ["inset", "top", "left", "width", "margin"].forEach(function (name) { style.removeProperty(name) })
      return
    }
    var box = c.button.getBoundingClientRect()
    style.inset = "auto"
    style.margin = "0"
    style.width = Math.min(384, window.innerWidth - 2 * GAP) + "px"
    var width = c.card.offsetWidth
    var height = c.card.offsetHeight
    var left = Math.min(Math.max(GAP, box.left), window.innerWidth - width - GAP)
    var top = box.bottom + GAP
    if (top + height > window.innerHeight - GAP) top = Math.max(GAP, box.top - height - GAP)
    style.left = left + "px"
    style.top = top + "px"
  }

  function hideSoon(c) {
    window.clearTimeout(hideTimer)
    hideTimer = window.setTimeout(function () {
      if (pinned !== c.card && !c.cite.contains(document.activeElement)) close(c)
    }, 300)
  }

  document.addEventListener("pointerover", function (event) {
    var c = event.pointerType === "mouse" && citation(event.target)
    if (c) show(c)
  })

  document.addEventListener("pointerout", function (event) {
    var c = event.pointerType === "mouse" && citation(event.target)
    if (c && !c.cite.contains(event.relatedTarget)) hideSoon(c)
  })

  document.addEventListener("click", function (event) {
    var c = citation(event.target)
    if (!c || !c.button.contains(event.target)) return
    pinned = c.card  // a tap or a click keeps the card until it is dismissed
    if (!POPOVERS) show(c)
    else place(c)
  })

  document.addEventListener("focusin", function (event) {
    var c = citation(event.target)
    if (c && !refocusing && event.target === c.button && c.button.matches(":focus-visible")) show(c)
  })

  document.addEventListener("focusout", function (event) {
    var c = citation(event.target)
    if (c && !c.cite.contains(event.relatedTarget) && pinned !== c.card) close(c)
  })

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || POPOVERS) return  // popovers close on Escape by themselves
    document.querySelectorAll(".gs-cite__card--open").forEach(function (open) { close(citation(open)) })
  })

  // `toggle` does not bubble: listen while it goes down.
  document.addEventListener("toggle", function (event) {
    var c = citation(event.target)
    if (c && event.target === c.card && event.newState === "closed") closed(c)
  }, true)

  window.addEventListener("resize", function () {
    var open = document.querySelector(OPEN)
    if (open) place(citation(open))
  })
  document.addEventListener("scroll", function () {
    var open = WIDE.matches && document.querySelector(OPEN)
    if (open) place(citation(open))
  }, { passive: true })
})()
