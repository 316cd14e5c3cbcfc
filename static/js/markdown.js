/* A small, safe Markdown renderer: builds DOM nodes with createElement and
 * textContent only. Model, user and tool text is never parsed as HTML.
 * Supported: paragraphs, headings, lists, bold/italic, inline code, fenced
 * code blocks (language class, keyword highlighting, copy button), and links
 * for http/https URLs only. Everything else is plain text. */
(function () {
  "use strict";

  var KEYWORDS = new Set((
    "and as assert async await break case catch class const continue def default del do elif else " +
    "enum except export extends false finally fn for from func function if import in interface is " +
    "lambda let match new nil none not null or package pass pub raise return self static struct " +
    "super switch this throw true try type var void while with yield True False None"
  ).split(" "));

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function safeUrl(raw) {
    try {
      var url = new URL(raw);
      if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    } catch (e) { /* not a URL */ }
    return null;
  }

  function link(href, label) {
    var a = el("a", null, label);
    a.href = href;
    a.rel = "noopener noreferrer nofollow";
    a.target = "_blank";
    return a;
  }

  // Inline: `code`, **bold**, *italic* / _italic_, [label](url), bare http(s) URLs.
  var INLINE = /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\*\*([^*]+?)\*\*|__([^_]+?)__|\*([^*\s][^*]*?)\*|\b_([^_\s][^_]*?)_\b|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

  function inline(text, parent) {
    var last = 0, m;
    var re = new RegExp(INLINE.source, "g"); // own state: inline() recurses for bold/italic
    while ((m = re.exec(text)) !== null) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1]) parent.appendChild(el("code", null, m[2]));
      else if (m[3] !== undefined || m[4] !== undefined) inline(m[3] !== undefined ? m[3] : m[4], parent.appendChild(el("strong")));
      else if (m[5] !== undefined || m[6] !== undefined) inline(m[5] !== undefined ? m[5] : m[6], parent.appendChild(el("em")));
      else if (m[7] !== undefined) {
        var href = safeUrl(m[8]);
        if (href) parent.appendChild(link(href, m[7]));
        else parent.appendChild(document.createTextNode(m[0]));
      } else if (m[9] !== undefined) {
        var bare = safeUrl(m[9]);
        parent.appendChild(bare ? link(bare, m[9]) : document.createTextNode(m[9]));
      }
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  var TOKEN = /(\/\/[^\n]*|#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\b\d+(?:\.\d+)?\b|\b[A-Za-z_][A-Za-z0-9_]*\b)/g;

  function highlight(code, parent) {
    var last = 0, m;
    var re = new RegExp(TOKEN.source, "g");
    while ((m = re.exec(code)) !== null) {
      var tok = m[0], cls = null;
      if (tok[0] === "#" || tok.slice(0, 2) === "//") cls = "tok-comment";
      else if (tok[0] === '"' || tok[0] === "'") cls = "tok-string";
      else if (/^\d/.test(tok)) cls = "tok-number";
      else if (KEYWORDS.has(tok)) cls = "tok-keyword";
      if (!cls) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(code.slice(last, m.index)));
      parent.appendChild(el("span", cls, tok));
      last = re.lastIndex;
    }
    if (last < code.length) parent.appendChild(document.createTextNode(code.slice(last)));
  }

  function codeBlock(lang, code) {
    var wrap = el("div", "code-block");
    var bar = el("div", "code-bar");
    bar.appendChild(el("span", "code-lang", lang || "text"));
    var copy = el("button", "copy-btn", "Copy");
    copy.type = "button";
    copy.setAttribute("aria-label", "Copy code");
    copy.addEventListener("click", function () {
      var done = function () { copy.textContent = "Copied"; setTimeout(function () { copy.textContent = "Copy"; }, 1500); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(code).then(done, function () { copy.textContent = "Copy failed"; });
      } else { copy.textContent = "Copy failed"; }
    });
    bar.appendChild(copy);
    wrap.appendChild(bar);
    var pre = el("pre");
    var c = el("code");
    var safeLang = (lang || "").replace(/[^A-Za-z0-9_+-]/g, "").slice(0, 30);
    if (safeLang) c.className = "language-" + safeLang;
    highlight(code, c);
    pre.appendChild(c);
    wrap.appendChild(pre);
    return wrap;
  }

  function render(text, container) {
    var frag = document.createDocumentFragment();
    var lines = String(text || "").replace(/\r\n?/g, "\n").split("\n");
    var i = 0, para = [], list = null, listType = null;

    function flushPara() {
      if (!para.length) return;
      var p = el("p");
      para.forEach(function (line, idx) {
        if (idx) p.appendChild(el("br"));
        inline(line, p);
      });
      frag.appendChild(p);
      para = [];
    }
    function closeList() { list = null; listType = null; }

    while (i < lines.length) {
      var line = lines[i];
      var fence = /^\s*(```+|~~~+)\s*([^\s`]*)\s*$/.exec(line);
      if (fence) {
        flushPara(); closeList();
        var body = [];
        i++;
        while (i < lines.length && lines[i].trim().indexOf(fence[1]) !== 0) { body.push(lines[i]); i++; }
        i++; // the closing fence (or the end while streaming)
        frag.appendChild(codeBlock(fence[2], body.join("\n")));
        continue;
      }
      var h = /^(#{1,6})\s+(.*)$/.exec(line);
      if (h) {
        flushPara(); closeList();
        frag.appendChild(inline(h[2], el("h" + Math.min(6, h[1].length + 2))));
        i++; continue;
      }
      var li = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
      if (li) {
        flushPara();
        var type = /\d/.test(li[1]) ? "ol" : "ul";
        if (!list || listType !== type) { list = el(type); listType = type; frag.appendChild(list); }
        list.appendChild(inline(li[2], el("li")));
        i++; continue;
      }
      if (!line.trim()) { flushPara(); closeList(); i++; continue; }
      closeList();
      para.push(line);
      i++;
    }
    flushPara();
    container.replaceChildren(frag);
  }

  window.TomatoMarkdown = { render: render, safeUrl: safeUrl };
})();
