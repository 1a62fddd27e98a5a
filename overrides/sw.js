// The guide's service worker: after one visit, every page of the edition read opens offline.
//
// Its scope is the folder it is served from, one version of the site (latest/, 1.0/ …); each
// version has its own cache, named after that folder, so versions never serve each other's pages.
// The build (hooks/offline.py) fills in EDITIONS: for each edition (its <html lang>, Simplified
// first), [url, content hash] of every file its reader may need offline. The page registers the
// worker as sw.js?lang=<its lang>, and the worker saves that edition's files only (an unknown or
// missing lang gets the first list). Any change in a deploy changes this file, so the browser
// installs the new worker: it saves the new copy beside the old one (a file whose hash is
// unchanged is copied, not downloaded again), takes over, then deletes the old copy: a deploy
// replaces the cache in one step. A page of the other edition registers another script URL, which
// the browser installs as an update: the copy follows the edition read, one per version folder.
//
// Online, pages and files without a hash in their name come from the network (a reload always
// shows the current deploy), the cache only when the network fails or is very slow. The theme's
// files carry a hash in their name, never change, and come from the cache first.
"use strict"

const EDITIONS = /* PRECACHE */ {}
const LANG = new URL(self.location).searchParams.get("lang")  // sw.js?lang=zh-Hant
const PRECACHE = Object.keys(EDITIONS).includes(LANG) ? EDITIONS[LANG] : Object.values(EDITIONS)[0] || []
const SCOPE = new URL(self.registration.scope)
const PREFIX = "guide " + SCOPE.pathname + " "
const CACHE = hashOf(PRECACHE.join("\n")).then(hash => PREFIX + hash)  // this deploy's copy of this edition
const HASHED = /\.[0-9a-f]{8}\.min\.(?:js|css)$/  // bundle.a5f9d56c.min.js
const PATIENCE = 5000  // ms: on a connection this slow, a saved page is better than a blank one
const LANES = 4  // downloads at once while installing

self.addEventListener("install", event => {
  event.waitUntil(CACHE.then(save).then(() => self.skipWaiting()))
})

self.addEventListener("activate", event => {
  event.waitUntil(CACHE.then(async current => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== current) await caches.delete(name)
    }
    await self.clients.claim()  // the page that installed it works offline without a reload
  }))
})

self.addEventListener("fetch", event => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== "GET" || url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) {
    return  // another version's folder, the versions list at the root: the browser's business
  }
  event.respondWith(HASHED.test(url.pathname) ? cacheFirst(request) : networkFirst(request))
})

async function cacheFirst(request) {
  return (await saved(request)) || fetch(request)
}

async function networkFirst(request) {
  let failing  // a host in trouble (5xx): its answer is shown only when nothing is saved
  const network = fetch(request).then(response => {
    if (response.status >= 500) throw (failing = response)
    return response
  })
  network.catch(() => {})  // when the saved copy answered first
  const slow = new Promise(resolve => setTimeout(resolve, PATIENCE)).then(() => saved(request))
  try {
    return await Promise.race([network, slow.then(copy => copy || network)])
  } catch (error) {
    // Offline. Instant navigation asks for pages by XHR: those are answered here like navigations.
    return (await saved(request)) || failing || (await saved("404.html")) || Response.error()
  }
}

async function saved(request) {
  const cache = await caches.open(await CACHE)
  return cache.match(request, { ignoreSearch: true })  // ?h=… from a search result
}

async function save(name) {
  const cache = await caches.open(name)
  const older = (await caches.keys()).filter(other => other.startsWith(PREFIX) && other !== name)
  const queue = PRECACHE.slice()
  async function lane() {
    for (let entry = queue.shift(); entry; entry = queue.shift()) {
      const [path, hash] = entry
      const url = new URL(path, SCOPE).href
      if (await cache.match(url)) continue  // an install that was cut short goes on where it stopped
      const response = (await unchanged(older, url, hash)) || (await download(url, hash))
      await cache.put(url, response)
    }
  }
  await Promise.all(Array.from({ length: LANES }, lane))
}

async function unchanged(names, url, hash) {
  for (const name of names) {
    const copy = await (await caches.open(name)).match(url)
    if (copy && (await hashOf(await copy.clone().arrayBuffer())) === hash) return copy
  }
}

async function download(url, hash) {
  // no-cache: a copy in the HTTP cache from before the deploy is checked with the host first.
  const response = await fetch(url, { cache: "no-cache" })
  const body = await response.arrayBuffer()
  // A host half-way through a deploy may send an older file: the install fails (and is tried
  // again on a later visit) rather than keep a mix of two deploys.
  if (!response.ok || (await hashOf(body)) !== hash) throw new Error("not the deployed file: " + url)
  // A fresh response: one that went through a redirect cannot answer a navigation.
  return new Response(body, { status: 200, headers: response.headers })
}

async function hashOf(data) {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes))
  return Array.from(digest.slice(0, 8), byte => byte.toString(16).padStart(2, "0")).join("")
}
