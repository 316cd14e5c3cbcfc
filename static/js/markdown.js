/* Markdown for answers, reasoning and transcripts, with maintained libraries (static/vendor/, `make vendor`):
 * markdown-it (GFM tables, strikethrough, autolinks) + markdown-it-task-lists, markdown-it-texmath for
 * $…$, $$…$$, \(…\) and \[…\] typeset by KaTeX, highlight.js for code. Raw HTML in the source stays text
 * (html: false); the produced HTML goes through DOMPurify (an allow-list) into a fragment before it touches
 * the page. KaTeX draws into the sanitised placeholders with the DOM (styles set through CSSOM, which the
 * strict CSP allows), so its output never passes through an HTML string here.
 *
 * Streaming: TomatoMarkdown.stream(container).update(text) re-renders only the top-level blocks whose
 * source changed (in practice the last one); code in the block still being written is highlighted once
 * that block is complete, so a long answer is not re-highlighted per token. Callers throttle update() to
 * one call per animation frame. render(text, container) is update + done in one go (history, transcripts).
 */
(function () {
  "use strict";

  var ALIGN = /text-align:\s*(left|right|center)/;
  var TAGS = ["a", "p", "br", "hr", "em", "strong", "s", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "span", "div", "input",
    "section", "eq", "eqn", "sup", "sub", "kbd"];
  var ATTRS = ["href", "title", "class", "start", "type", "checked", "disabled"];
  var md = null;

  function escapeHtml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function setup() {
    if (md) return md;
    md = window.markdownit({ html: false, linkify: true, typographer: false, breaks: false });
    if (window.markdownitTaskLists) md.use(window.markdownitTaskLists, { enabled: false });
    if (window.texmath) {
      // The engine only marks the formula; KaTeX draws it after sanitising (typeset()).
      md.use(window.texmath, {
        engine: { renderToString: function (tex) { return escapeHtml(tex); } },
        delimiters: ["dollars", "brackets"],
      });
    }
    // Table alignment as a class: a style attribute would be refused by the CSP.
    md.core.ruler.push("align_class", function (state) {
      state.tokens.forEach(function (t) {
        var style = t.attrGet && t.attrGet("style");
        if (!style) return;
        var m = ALIGN.exec(style);
        t.attrs = t.attrs.filter(function (a) { return a[0] !== "style"; });
        if (m) t.attrJoin("class", "align-" + m[1]);
      });
    });
    // Images would be fetched from anywhere (and the CSP refuses them): show a link instead.
    md.renderer.rules.image = function (tokens, idx, options, env, self) {
      var t = tokens[idx];
      var alt = self.renderInlineAsText(t.children, options, env) || "image";
      return '<a href="' + escapeHtml(t.attrGet("src")) + '">🖼 ' + escapeHtml(alt) + "</a>";
    };
    var purify = window.DOMPurify;
    purify.addHook("afterSanitizeAttributes", function (node) {
      if (node.tagName === "A") {
        var href = node.getAttribute("href") || "";
        if (!/^https?:\/\//i.test(href) && !/^mailto:/i.test(href)) node.removeAttribute("href");
        node.setAttribute("rel", "noopener noreferrer nofollow");
        node.setAttribute("target", "_blank");
      } else if (node.tagName === "INPUT") {
        if (node.getAttribute("type") !== "checkbox") node.remove();
        else node.setAttribute("disabled", "");
      }
    });
    return md;
  }

  function sanitize(html) {
    return window.DOMPurify.sanitize(html, {
      ALLOWED_TAGS: TAGS, ALLOWED_ATTR: ATTRS, ALLOW_DATA_ATTR: false, RETURN_DOM_FRAGMENT: true,
    });
  }

  function typeset(root) {
    var katex = window.katex;
    root.querySelectorAll("eq, eqn").forEach(function (node) {
      var tex = node.textContent;
      node.textContent = "";
      node.classList.add("math");
      if (!katex) { node.textContent = tex; return; }
      try {
        katex.render(tex, node, { displayMode: node.tagName === "EQN", throwOnError: false, trust: false, strict: "ignore" });
      } catch (e) {
        node.textContent = tex;
      }
    });
  }

  function copyButton(getText, label) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy-btn";
    btn.textContent = "Copy";
    btn.setAttribute("aria-label", label || "Copy code");
    btn.addEventListener("click", function () {
      var done = function () { btn.textContent = "Copied"; setTimeout(function () { btn.textContent = "Copy"; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(getText()).then(done, function () { btn.textContent = "Copy failed"; });
      } else { btn.textContent = "Copy failed"; }
    });
    return btn;
  }

  // A fenced block gets a bar with its language and a copy button; it is highlighted later (highlight()).
  function decorateCode(root) {
    root.querySelectorAll("pre > code").forEach(function (code) {
      var pre = code.parentNode;
      var m = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
      var wrap = document.createElement("div");
      wrap.className = "code-block";
      var bar = document.createElement("div");
      bar.className = "code-bar";
      var lang = document.createElement("span");
      lang.textContent = m ? m[1] : "text";
      bar.append(lang, copyButton(function () { return code.textContent; }));
      pre.replaceWith(wrap);
      wrap.append(bar, pre);
    });
  }

  function highlight(root) {
    var hljs = window.hljs;
    if (!hljs) return;
    root.querySelectorAll(".code-block code:not([data-highlighted])").forEach(function (code) {
      var m = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className);
      // highlight.js escapes the source: what it writes holds only its own spans. Unknown languages and
      // very long unlabelled blocks stay plain.
      if (m ? hljs.getLanguage(m[1]) : code.textContent.length < 20000) hljs.highlightElement(code);
      code.classList.add("hljs");
      code.setAttribute("data-highlighted", "yes");
    });
  }

  // Top-level blocks of the source: [{start, end, key}] over the token list.
  function blocks(text, env) {
    var tokens = setup().parse(text, env);
    var lines = text.split("\n");
    var out = [], start = -1;
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      if (start < 0) start = i;
      if (t.level === 0 && t.nesting !== 1) {
        var map = tokens[start].map || [0, 0];
        out.push({ tokens: tokens.slice(start, i + 1), key: map[0] + ":" + lines.slice(map[0], map[1]).join("\n") });
        start = -1;
      }
    }
    return out;
  }

  function renderBlock(block, env) {
    var node = document.createElement("div");
    node.className = "md-block";
    node.appendChild(sanitize(setup().renderer.render(block.tokens, md.options, env)));
    // A link whose address was refused (not http, https or mailto) is only its text.
    node.querySelectorAll("a:not([href])").forEach(function (a) {
      var span = document.createElement("span");
      span.append.apply(span, Array.prototype.slice.call(a.childNodes));
      a.replaceWith(span);
    });
    typeset(node);
    decorateCode(node);
    // Regions that may scroll sideways take the keyboard focus, so they can be scrolled without a mouse.
    node.querySelectorAll("table, .code-block pre, eqn").forEach(function (n) { n.tabIndex = 0; });
    // A task list's checkbox is named by its item's text.
    node.querySelectorAll("input.task-list-item-checkbox").forEach(function (box) {
      box.setAttribute("aria-label", (box.parentNode.textContent || "task").trim().slice(0, 120));
    });
    return node;
  }

  function stream(container) {
    container.classList.add("md");
    var shown = []; // [{key, node}]
    var self = {
      renders: 0,
      update: function (text, final) {
        var env = {};
        var list = blocks(String(text || ""), env);
        var keep = [];
        list.forEach(function (b, i) {
          var old = shown[i];
          var node;
          if (old && old.key === b.key) node = old.node;
          else {
            node = renderBlock(b, env);
            self.renders++;
            if (old) old.node.replaceWith(node);
            else container.appendChild(node);
          }
          keep.push({ key: b.key, node: node });
          // The block still being written is highlighted once complete.
          if (final || i < list.length - 1) highlight(node);
        });
        for (var j = list.length; j < shown.length; j++) shown[j].node.remove();
        shown = keep;
        // Anything else left in the container (a typing dot) goes once there is text.
        Array.prototype.slice.call(container.childNodes).forEach(function (n) {
          if (!n.classList || !n.classList.contains("md-block")) { if (list.length) n.remove(); }
        });
      },
      done: function (text) { self.update(text, true); },
    };
    return self;
  }

  function render(text, container) {
    container.replaceChildren();
    stream(container).done(text);
  }

  window.TomatoMarkdown = { render: render, stream: stream, copyButton: copyButton, highlight: highlight };
})();
