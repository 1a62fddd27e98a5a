// 我的注销计划: the questions one per screen, the answers in the address, and the reader's plan
// drawn from the data the build put in the page (hooks/plan.py, docs/data/plan.yml). Loaded by
// guide.js on the plan page only. All text comes from that data and from the page's interface
// strings (hooks/plan.py's STRINGS, so that the 繁體 edition converts them with the page), and goes
// in as text or attribute values, never as markup. hooks/plans.py's plan_steps() is the same
// choice of steps in Python, for the tests.
(function () {
  "use strict"

  var ORDER = ["carrier", "form", "billing", "keep", "leave"]
  var TRAVEL = "travel", OTHER = "other"
  var S = {}  // the interface strings, read from the page by start()

  // A string with its {name} places filled (a text, a node or a list of them): a list of texts
  // and nodes, for el()'s children.
  function fill(name, values) {
    var parts = []
    String(S[name]).split(/\{(\w+)\}/).forEach(function (part, i) {
      parts = parts.concat(i % 2 ? values[part] : part)
    })
    return parts.filter(function (part) { return part !== "" && part !== undefined && part !== null })
  }
  // The same, as plain text.
  function say(name, values) {
    return fill(name, values || {}).map(function (part) {
      return typeof part === "string" ? part : part.textContent
    }).join("")
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name]
      else if (attrs[name] !== null && attrs[name] !== undefined) node.setAttribute(name, attrs[name])
    })
    ;(children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child)
    })
    return node
  }

  // --- dates: local calendar days, written YYYY-MM-DD --------------------------------------------

  function iso(date) {
    function two(n) { return (n < 10 ? "0" : "") + n }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate())
  }
  function parse(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "")
    if (!m) return null
    var date = new Date(+m[1], +m[2] - 1, +m[3])
    return iso(date) === text ? date : null
  }
  function addDays(date, days) { return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days) }
  function today() { var now = new Date(); return new Date(now.getFullYear(), now.getMonth(), now.getDate()) }
  function spoken(date) {
    var parts = { year: String(date.getFullYear()), month: String(date.getMonth() + 1), day: String(date.getDate()) }
    return say(date.getFullYear() === today().getFullYear() ? "date" : "dateYear", parts)
  }
  function timeEl(date) { return el("time", { datetime: iso(date), text: spoken(date) }) }

  // --- answers ----------------------------------------------------------------------------------

  function carrierOf(doc, id) {
    return doc.carriers.filter(function (c) { return c.id === id })[0] || null
  }

  // The answers in the address, each checked against what the question offers; derived ones added.
  function answersFrom(doc, search) {
    var params = new URLSearchParams(search), a = {}
    var offered = {
      carrier: doc.carriers.map(function (c) { return c.id }).concat([OTHER]),
      form: doc.forms.map(function (f) { return f.id }).concat([TRAVEL]),
      billing: doc.billings.map(function (b) { return b.id }),
      keep: Object.keys(doc.keep)
    }
    Object.keys(offered).forEach(function (q) {
      var value = params.get(q)
      if (value && offered[q].indexOf(value) >= 0) a[q] = value
    })
    var leave = params.get("leave")
    if (leave === "no" || (leave && parse(leave))) a.leave = leave
    var carrier = carrierOf(doc, a.carrier)
    if (carrier && carrier.billing.length === 1) a.billing = carrier.billing[0]  // one billing: no question
    return a
  }

  // The questions this reader is asked, in order.
  function questions(doc, a) {
    var carrier = carrierOf(doc, a.carrier)
    return ORDER.filter(function (q) {
      if (q === "billing") return a.form !== TRAVEL && !(carrier && carrier.billing.length === 1)
      if (q === "keep") return a.form !== TRAVEL
      return true
    })
  }

  function query(a, asked) {
    var params = new URLSearchParams()
    asked.forEach(function (q) { if (a[q]) params.set(q, a[q]) })
    var text = params.toString()
    return "?" + text
  }

  // --- one question per screen --------------------------------------------------------------------

  function showQuestion(root, doc, a, q, moved) {
    var form = root.querySelector(".gs-plan-form")
    var out = root.querySelector(".gs-plan-out")
    out.replaceChildren()
    form.hidden = false
    var asked = questions(doc, a)
    var index = asked.indexOf(q)
    form.querySelectorAll("fieldset.gs-q").forEach(function (set) {
      set.hidden = set.dataset.q !== q
    })
    var set = form.querySelector('fieldset[data-q="' + q + '"]')
    set.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.checked = q === "leave" ? (a.leave === "no" ? radio.value === "no" : !!a.leave && radio.value === "date")
        : radio.value === a[q]
    })
    var date = form.querySelector("#gs-leave-date")
    date.min = iso(addDays(today(), 1))
    if (a.leave && a.leave !== "no") date.value = a.leave
    clearError(set)
    // Back: the previous question, or the home page from the first one.
    var back = form.querySelector(".gs-back")
    if (!back) {
      back = el("a", { class: "gs-back" })
      form.insertBefore(back, form.firstChild)
    }
    var earlier = asked.slice(0, Math.max(index - 1, 0))
    back.href = index > 0 ? query(a, earlier) || "?" : root.dataset.home
    back.textContent = say(index > 0 ? "back" : "home")
    back.dataset.back = index > 0 ? "1" : ""
    var step = form.querySelector(".gs-q__count")
    if (!step) {
      step = el("p", { class: "gs-q__count" })
      form.insertBefore(step, back.nextSibling)
    }
    step.textContent = say("count", { n: String(index + 1), total: String(asked.length) })
    if (moved) set.querySelector("legend").focus()
  }

  function clearError(set) {
    var error = set.querySelector(".gs-q__error")
    error.hidden = true
    error.textContent = ""
    set.removeAttribute("aria-invalid")
  }

  function showError(set, text) {
    var error = set.querySelector(".gs-q__error")
    error.textContent = text
    error.hidden = false
    set.setAttribute("aria-describedby", "gs-hint-" + set.dataset.q + " gs-error-" + set.dataset.q)
    var first = set.querySelector("input")
    if (first) first.focus()
  }

  function submit(root, doc, event) {
    event.preventDefault()
    var a = answersFrom(doc, location.search)
    var q = next(doc, a)
    if (!q) return
    var set = root.querySelector('fieldset[data-q="' + q + '"]')
    var chosen = set.querySelector("input[type=radio]:checked")
    if (!chosen) return showError(set, say("pick"))
    var value = chosen.value
    if (q === "leave" && value === "date") {
      var date = root.querySelector("#gs-leave-date")
      var day = parse(date.value)
      if (!day || day <= today()) {
        showError(set, say("pickDate"))
        date.focus()
        return
      }
      value = date.value
    }
    a[q] = value
    // Answers after this one may no longer fit (a travel SIM has no billing question): ask again.
    var asked = questions(doc, a)
    var kept = {}
    asked.slice(0, asked.indexOf(q) + 1).forEach(function (k) { kept[k] = a[k] })
    go(root, doc, query(kept, asked))
  }

  function next(doc, a) {
    return questions(doc, a).filter(function (q) { return !a[q] })[0] || null
  }

  function go(root, doc, search) {
    history.pushState(null, "", location.pathname + search)
    render(root, doc, true)
  }

  // --- the plan ----------------------------------------------------------------------------------

  function chosenSteps(doc, a) {
    var ids
    if (a.form === TRAVEL) ids = doc.travel.steps.slice()
    else {
      var order = (doc.pages.before || []).concat(doc.pages[a.billing], doc.pages[a.form], doc.common)
      var unique = order.filter(function (id, i) { return order.indexOf(id) === i })
      ids = []
      doc.sections.forEach(function (section) {
        unique.forEach(function (id) { if (doc.steps[id].section === section) ids.push(id) })
      })
    }
    var keep = a.keep || "drop", leaving = a.leave !== "no"
    var chosen = ids.filter(function (id) {
      var s = doc.steps[id]
      return s.keep.indexOf(keep) >= 0 && (leaving || !s.leave)
    })
    return doc.groups.map(function (g) {
      return { group: g, ids: chosen.filter(function (id) { return doc.steps[id].when === g.id }) }
    }).filter(function (g) { return g.ids.length })
  }

  function groupHeading(group, leave) {
    if (!leave) return [group.staying]
    var now = today()
    function clip(d) { return d < now ? now : d }
    var name = group.leaving
    if (group.id === "now") return fill("groupNow", { group: name, date: timeEl(now) })
    if (group.id === "week-before") {
      var start = clip(addDays(leave, -7)), end = clip(addDays(leave, -2))
      return iso(end) !== iso(start) ? fill("groupWeek", { group: name, start: timeEl(start), end: timeEl(end) })
        : fill("groupDay", { group: name, date: timeEl(start) })
    }
    if (group.id === "last-day") return fill("groupDay", { group: name, date: timeEl(clip(addDays(leave, -1))) })
    return fill("groupAfter", { group: name, date: timeEl(leave) })
  }

  function factItem(fact, carrier, isLimit) {
    var li = el("li", { class: isLimit ? "gs-fact gs-fact--limit" : "gs-fact" })
    if (isLimit) li.appendChild(el("strong", { text: say("limit") }))
    var link = fact.source ? el("a", { href: fact.source,
      text: say(fact.third_party ? "officialSite" : "source", { carrier: carrier.name }) }) : ""
    var source = fact.third_party ? fill(link ? "thirdParty" : "thirdPartyNoLink", { link: link }) : [link]
    fill("fact", { text: fact.text, source: source,
                   checked: el("time", { datetime: fact.checked, text: fact.checked }) })
      .forEach(function (part) { li.appendChild(typeof part === "string" ? document.createTextNode(part) : part) })
    return li
  }

  function stepItem(doc, id, number, leave, carrier) {
    var s = doc.steps[id]
    var li = el("li", { class: "gs-item", id: "plan-" + id })
    // The number is drawn, not a list marker: a row is a flex box, which has none.
    li.appendChild(el("label", { class: "gs-row" }, [
      el("input", { type: "checkbox", class: "gs-tick", "data-key": id }),
      el("span", { class: "gs-step__number", "aria-hidden": "true", text: String(number) }),
      el("span", { class: "gs-row__text", text: s.title })
    ]))
    li.appendChild(el("a", { class: "gs-item__src", href: s.url, text: say("original", { page: s.page }) }))
    if (s.deadline === "leave" && leave) {
      li.appendChild(el("p", { class: "gs-deadline" },
        [el("strong", { text: say("limit") })].concat(fill("deadline", { date: timeEl(leave) }))))
    }
    if (s.carrier && carrier) {
      var facts = carrier.facts[s.carrier] || []
      if (facts.length) {
        li.appendChild(el("ul", { class: "gs-facts" }, facts.map(function (f) {
          return factItem(f, carrier, !!f.limit)
        })))
      }
    }
    li.appendChild(el("span", { class: "gs-write" }, [say("write")]))
    return li
  }

  function answerList(doc, a) {
    var carrier = carrierOf(doc, a.carrier)
    var form = doc.forms.filter(function (f) { return f.id === a.form })[0]
    var billing = doc.billings.filter(function (b) { return b.id === a.billing })[0]
    var shown = {
      carrier: carrier ? carrier.name : say("other"),
      form: a.form === TRAVEL ? say("travel") : form && form.title,
      billing: billing && billing.title,
      keep: a.keep && doc.keep[a.keep],
      leave: a.leave === "no" ? say("stay") : a.leave && spoken(parse(a.leave))
    }
    var asked = questions(doc, a)
    var list = el("dl", { class: "gs-answers" })
    ORDER.forEach(function (q) {
      if (!shown[q]) return
      var dd = el("dd", {}, [shown[q]])
      if (asked.indexOf(q) >= 0) {
        var change = el("a", { class: "gs-change", href: query(a, asked.slice(0, asked.indexOf(q))) },
          [say("change"), el("span", { class: "gs-sr", text: say("changeWhat", { label: S.labels[q] }) })])
        dd.appendChild(document.createTextNode(" "))
        dd.appendChild(change)
      }
      list.appendChild(el("dt", { text: S.labels[q] }))
      list.appendChild(dd)
    })
    return list
  }

  function showPlan(root, doc, a, moved) {
    var form = root.querySelector(".gs-plan-form")
    var out = root.querySelector(".gs-plan-out")
    form.hidden = true
    var carrier = carrierOf(doc, a.carrier)
    var leave = a.leave && a.leave !== "no" ? parse(a.leave) : null
    var keep = a.keep || "drop"
    var parts = []

    var heading = el("h2", { id: "plan-answers", tabindex: "-1", text: say("answers") })
    parts.push(heading, answerList(doc, a))
    parts.push(el("p", { class: "gs-plan-made" }, fill("made", { date: timeEl(today()),
      link: el("a", { href: location.href, class: "gs-plan-link", text: say("link") }) })))
    parts.push(el("div", { class: "gs-toolbar-slot" }))

    var notes = []
    if (!carrier) notes.push(fill("noteOther", { link: el("a", { href: doc.links.carriers, text: say("carriers") }) }))
    if (a.form === TRAVEL) {
      var see = []
      doc.travel.see.forEach(function (page, i) {
        if (i) see.push(say("and"))
        see.push(el("a", { href: page.url, text: page.title }))
      })
      notes.push(fill("noteTravel", { pages: see }))
    }
    if (keep === "cheap") notes.push(fill("noteCheap", {}))
    notes.forEach(function (note) {
      parts.push(el("div", { class: "admonition note gs-plan-note" }, [el("p", {}, note)]))
    })

    var prepare = doc.prepare.filter(function (p) {
      return p.keep.indexOf(keep) >= 0 && (!a.billing || p.billing.indexOf(a.billing) >= 0) && a.form !== TRAVEL &&
        (!p.carrier || p.carrier.indexOf(a.carrier) >= 0)
    })
    if (prepare.length) {
      parts.push(el("div", { class: "admonition info gs-prepare" }, [
        el("p", { class: "admonition-title", text: say("prepare") }),
        el("ul", {}, prepare.map(function (p) {
          var step = doc.steps[p.step]
          return el("li", {}, fill("prepareItem", { text: p.text, link: el("a", { href: step.url, text: step.title }) }))
        }))
      ]))
    }

    var number = 1
    chosenSteps(doc, a).forEach(function (g) {
      parts.push(el("h2", { class: "gs-plan-group", id: "plan-" + g.group.id }, groupHeading(g.group, leave)))
      parts.push(el("ol", { class: "gs-plan-steps", start: String(number) },
        g.ids.map(function (id, i) { return stepItem(doc, id, number + i, leave, carrier) })))
      number += g.ids.length
    })

    var phrases = doc.phrases.filter(function (p) { return p.keep.indexOf(keep) >= 0 && a.form !== TRAVEL })
    if (phrases.length) {
      parts.push(el("h2", { id: "plan-phrases", text: say("phrases") }))
      parts.push(el("ul", { class: "gs-phrases" }, phrases.map(function (p) {
        return el("li", {}, [el("span", { lang: "en", class: "gs-phrase__en", text: p.en }), " ",
          el("span", { class: "gs-phrase__zh", text: p.zh })])
      })))
    }
    parts.push(el("p", { class: "gs-plan-foot" }, fill("foot", { carriers: el("a", { href: doc.links.carriers, text: say("carriers") }) })))

    out.replaceChildren.apply(out, parts)
    if (window.gsTicks) window.gsTicks.refresh()
    if (moved) heading.focus()
  }

  // --- wiring --------------------------------------------------------------------------------------

  function render(root, doc, moved) {
    var a = answersFrom(doc, location.search)
    var q = next(doc, a)
    if (q) showQuestion(root, doc, a, q, moved)
    else showPlan(root, doc, a, moved)
    root.classList.add("gs-plan--ready")
  }

  function start() {
    var data = document.getElementById("gs-plan-data")
    var root = data && data.closest("article")
    if (!root || root.dataset.gsPlan) return
    root.dataset.gsPlan = "1"
    var doc = JSON.parse(data.dataset.plan)
    S = JSON.parse(data.dataset.strings)
    root.dataset.home = doc.links.home
    root.querySelectorAll("fieldset.gs-q legend").forEach(function (legend) { legend.tabIndex = -1 })
    var form = root.querySelector(".gs-plan-form")
    form.addEventListener("submit", function (event) { submit(root, doc, event) })
    form.addEventListener("change", function (event) {
      var set = event.target.closest("fieldset")
      if (set) clearError(set)
      if (event.target.id === "gs-leave-date") form.querySelector('input[name=leave][value=date]').checked = true
    })
    // Links inside the plan that only change the answers stay on this page.
    root.addEventListener("click", function (event) {
      var link = event.target instanceof Element ? event.target.closest("a.gs-back[data-back='1'], a.gs-change") : null
      if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return
      event.preventDefault()
      event.stopPropagation()
      go(root, doc, new URL(link.href).search || "?")
    }, true)
    // Back and forward between two questions move within this page's own history entries. The
    // theme's instant navigation would fetch and redraw the whole page for them (once it has kept
    // a scroll position in the entry), and a tap in the meantime would be lost: this listener
    // comes first (capture) and keeps them.
    var path = location.pathname
    window.addEventListener("popstate", function (event) {
      if (location.pathname !== path || !document.body.contains(root)) return
      event.stopImmediatePropagation()
      render(root, doc, true)
    }, true)
    render(root, doc, false)
  }

  window.gsPlan = { start: start }
  start()
})()
