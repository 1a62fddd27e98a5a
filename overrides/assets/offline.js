// The offline copy of the guide (sw.js, at the root of this version of the site). The worker is
// registered only after the page has loaded and the browser is idle, so a first view downloads
// nothing more; the copy is then saved in the background. It is registered with the page's
// language (sw.js?lang=zh-Hans or zh-Hant), so the copy is of the edition being read. When a
// newer deploy has been saved and has taken over, a notice offers to reload.
(function () {
  "use strict"
  if (!("serviceWorker" in navigator)) return

  var worker = new URL("../sw.js", document.currentScript.src)  // this script is in assets/
  worker.searchParams.set("lang", document.documentElement.lang)
  var controller = navigator.serviceWorker.controller
  // Present from the start: screen readers announce what is later put into a live region.
  var notice = document.createElement("div")
  notice.className = "gs-update"
  notice.setAttribute("role", "status")
  document.body.appendChild(notice)

  navigator.serviceWorker.addEventListener("controllerchange", function () {
    var next = navigator.serviceWorker.controller
    // Not on the first install (nothing on screen is out of date), nor when the new worker keeps
    // the other edition because the reader opened a page of it: only a new deploy is news.
    if (controller && next && edition(controller) === edition(next)) announce()
    controller = next
  })

  function edition(serviceWorker) {
    return new URL(serviceWorker.scriptURL).searchParams.get("lang")
  }

  function register() {
    navigator.serviceWorker.register(worker.href, { updateViaCache: "none" }).catch(function () {
      /* no worker (a preview, a private window): the guide works as a plain website */
    })
  }

  function whenIdle() {
    if (window.requestIdleCallback) window.requestIdleCallback(register, { timeout: 5000 })
    else window.setTimeout(register, 1000)
  }

  function announce() {
    if (notice.firstChild) return
    var text = document.createElement("span")
    text.textContent = "指南已更新"
    var reload = document.createElement("button")
    reload.type = "button"
    reload.className = "md-button md-button--primary"
    reload.textContent = "重新加载"
    reload.addEventListener("click", function () { window.location.reload() })
    var close = document.createElement("button")
    close.type = "button"
    close.className = "gs-update__close"
    close.setAttribute("aria-label", "关闭提示")
    close.textContent = "×"
    close.addEventListener("click", function () {
      notice.replaceChildren()
      notice.classList.remove("gs-update--shown")
    })
    notice.replaceChildren(text, reload, close)
    notice.classList.add("gs-update--shown")
  }

  if (document.readyState === "complete") whenIdle()
  else window.addEventListener("load", whenIdle, { once: true })
})()
