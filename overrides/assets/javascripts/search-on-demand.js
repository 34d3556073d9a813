/* Search on demand: Material's bundle fetches the search index and starts the search worker (which loads
   the stemmers) as soon as a page opens, although most readers never search. This script, run before the
   bundle, holds back exactly those two things until the reader opens or focuses search: the request for
   the page language's search_index.json (Material 9.8 uses XMLHttpRequest; fetch is covered too) and
   `new Worker(config.search)`. Until then the request waits unsent and the bundle gets a stand-in worker
   that queues its messages. Everything else passes through untouched, and
   Material's bundle is not changed. */
(function () {
  "use strict";
  var node = document.getElementById("__config");
  if (!node || !window.fetch || !window.Worker) return;
  var config;
  try { config = JSON.parse(node.textContent); } catch (e) { return; }
  var here = document.baseURI;
  var indexUrl = new URL("search/search_index.json", new URL(config.base, here)).href;
  var workerUrl = new URL(config.search, here).href;
  var active = false;
  var waiting = [];

  function start() {
    if (active) return;
    active = true;
    var run = waiting;
    waiting = [];
    run.forEach(function (fn) { fn(); });
  }

  function whenActive(fn) {
    if (active) fn(); else waiting.push(fn);
  }

  function same(url, target) {
    try { return new URL(url, here).href === target; } catch (e) { return false; }
  }

  var realFetch = window.fetch;
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input && input.url;
    if (active || !url || !same(url, indexUrl)) return realFetch.apply(this, arguments);
    var self = this, args = arguments;
    return new Promise(function (resolve, reject) {
      whenActive(function () { realFetch.apply(self, args).then(resolve, reject); });
    });
  };

  var xhr = XMLHttpRequest.prototype;
  var realOpen = xhr.open, realSend = xhr.send, realAbort = xhr.abort;
  xhr.open = function (method, url) {
    this.__searchIndex = !active && same(String(url), indexUrl);
    this.__aborted = false;
    return realOpen.apply(this, arguments);
  };
  xhr.send = function () {
    if (active || !this.__searchIndex) return realSend.apply(this, arguments);
    var self = this, args = arguments;
    whenActive(function () { if (!self.__aborted) realSend.apply(self, args); });
  };
  xhr.abort = function () {
    this.__aborted = true;
    return realAbort.apply(this, arguments);
  };

  var RealWorker = window.Worker;
  function LazyWorker(url, options) {
    var target = new EventTarget();
    var worker = null;
    var queue = [];
    var stopped = false;
    target.onmessage = null;
    target.onerror = null;
    target.postMessage = function () {
      if (worker) worker.postMessage.apply(worker, arguments); else queue.push(arguments);
    };
    target.terminate = function () {
      stopped = true;
      if (worker) worker.terminate();
    };
    function forward(type) {
      return function (e) {
        var copy = type === "message" ? new MessageEvent("message", { data: e.data }) : new Event(type);
        target.dispatchEvent(copy);
        var handler = target["on" + type];
        if (typeof handler === "function") handler.call(target, copy);
      };
    }
    whenActive(function () {
      if (stopped) return;
      worker = new RealWorker(url, options);
      worker.addEventListener("message", forward("message"));
      worker.addEventListener("error", forward("error"));
      queue.forEach(function (a) { worker.postMessage.apply(worker, a); });
      queue = [];
    });
    return target;
  }
  window.Worker = function (url, options) {
    if (!active && same(url, workerUrl)) return LazyWorker(url, options);
    return new RealWorker(url, options);
  };
  window.Worker.prototype = RealWorker.prototype;

  // What opens search: focus on the search box, the search toggle (phones), Material's shortcuts.
  document.addEventListener("focusin", function (e) {
    if (e.target && e.target.matches && e.target.matches(".md-search__input")) start();
  }, true);
  document.addEventListener("change", function (e) {
    if (e.target && e.target.id === "__search") start();
  }, true);
  document.addEventListener("click", function (e) {
    if (e.target && e.target.closest && e.target.closest('label[for="__search"], .md-search')) start();
  }, true);
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (!e.ctrlKey && !e.metaKey && !e.altKey && /^[fs/]$/i.test(e.key)) start();
  }, true);
})();
