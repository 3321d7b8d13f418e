// Text pasted into the article body from Word or Google Docs arrives as clean paragraphs:
// bold, italic, superscript, subscript, links, lists, headings and quotations kept; their
// styles, classes, wrappers, comments, bullets drawn as text and blank lines gone.
// The server drops blank paragraphs as well (prospect/sanitizer.py), whatever reaches it.
import { Extension, Plugin } from "django-prose-editor/editor"

const JUNK = [
  "style", "script", "meta", "link", "title", "xml", "template", "noscript", "iframe", "object",
  "embed", "svg", "math", "img", "br.Apple-interchange-newline",
].join(", ")
const HEADINGS = ["H1", "H2", "H3", "H4", "H5", "H6"]
const KEPT = new Set([
  ...HEADINGS, "P", "STRONG", "B", "EM", "I", "SUB", "SUP", "A", "UL", "OL", "LI", "BLOCKQUOTE",
  "BR", "HR", "DIV",
])
const BLOCKS = new Set([
  ...HEADINGS, "P", "UL", "OL", "LI", "BLOCKQUOTE", "HR", "DIV", "TABLE", "TR", "TD", "TH",
])
const NUMBERING = {
  "lower-alpha": "a", "upper-alpha": "A", "lower-latin": "a", "upper-latin": "A",
  "lower-roman": "i", "upper-roman": "I",
}
const NOTHING = /^[\s\u00a0\u200b-\u200d\u2060\ufeff]*$/

function unwrap(element) {
  element.replaceWith(...element.childNodes)
}

function rename(element, tagName) {
  const renamed = element.ownerDocument.createElement(tagName)
  renamed.append(...element.childNodes)
  for (const name of ["start", "href", "title"]) {
    if (element.hasAttribute(name)) renamed.setAttribute(name, element.getAttribute(name))
  }
  element.replaceWith(renamed)
  return renamed
}

function each(root, selector, action) {
  for (const element of [...root.querySelectorAll(selector)]) action(element)
}

function removeComments(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_COMMENT)
  const comments = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  for (const comment of comments) comment.remove()
}

// Word's own elements (<o:p>, <v:shape>, <w:sdt> …) are namespaced: drawing and paragraph marks
// go, content controls keep their text.
function removeOfficeMarkup(root) {
  for (const element of [...root.querySelectorAll("*")]) {
    const name = element.localName
    if (!name.includes(":")) continue
    if (/^(o|v):/.test(name)) element.remove()
    else unwrap(element)
  }
}

const wordListStyle = (p) => /mso-list:\s*l\d+\s+level\d+/i.exec(p.getAttribute("style") || "")

function wordListLevel(p) {
  return Number(/level(\d+)/i.exec(wordListStyle(p)[0])[1])
}

// A Word list item is a paragraph whose bullet or number is text in a span marked
// mso-list:Ignore; the list is rebuilt from runs of such paragraphs, nested by their level.
function rebuildWordLists(root) {
  const isItem = (node) =>
    node?.nodeType === Node.ELEMENT_NODE && node.matches("p") && wordListStyle(node)
  for (const first of [...root.querySelectorAll("p")]) {
    if (!first.parentNode || !isItem(first) || isItem(previousElement(first))) continue
    const run = [first]
    for (let next = nextElement(first); isItem(next); next = nextElement(next)) run.push(next)
    const doc = root.ownerDocument
    const stack = []
    const top = doc.createElement("div")
    for (const p of run) {
      const level = Math.min(wordListLevel(p), stack.length + 1)
      const marker = p.querySelector('[style*="mso-list:Ignore" i], [style*="mso-list: Ignore" i]')
      const numbering = listNumbering(marker?.textContent || "")
      marker?.remove()
      stack.length = level
      if (!stack[level - 1]) {
        const list = doc.createElement(numbering ? "ol" : "ul")
        if (numbering?.type) list.setAttribute("type", numbering.type)
        if (numbering?.start > 1) list.setAttribute("start", String(numbering.start))
        const parentItem = stack[level - 2]?.lastElementChild
        ;(parentItem || top).append(list)
        stack[level - 1] = list
      }
      const item = doc.createElement("li")
      const content = doc.createElement("p")
      content.append(...p.childNodes)
      item.append(content)
      stack[level - 1].append(item)
    }
    first.before(...top.childNodes)
    for (const p of run) p.remove()
  }
}

function listNumbering(marker) {
  const label = /^\s*[([]?([0-9]+|[a-z]{1,4})[.)\]]/i.exec(marker.replace(/\u00a0/g, " "))
  if (!label) return null // a bullet: ·, o, §, •, –
  const text = label[1]
  if (/^\d+$/.test(text)) return { type: null, start: Number(text) }
  if (/^[ivxlcdm]+$/i.test(text) && (text.length > 1 || /i/i.test(text))) {
    return { type: text === text.toLowerCase() ? "i" : "I", start: 1 }
  }
  const start = text.toLowerCase().charCodeAt(0) - 96
  return { type: text === text.toLowerCase() ? "a" : "A", start }
}

const blank = (node) => node?.nodeType === Node.TEXT_NODE && NOTHING.test(node.data)

// The neighbours of a node that are not blank text: elements, or text with something in it.
function previousElement(node) {
  let sibling = node.previousSibling
  while (blank(sibling)) sibling = sibling.previousSibling
  return sibling
}

function nextElement(node) {
  let sibling = node.nextSibling
  while (blank(sibling)) sibling = sibling.nextSibling
  return sibling
}

// Word's Quote styles become block quotations, consecutive paragraphs in one.
function rebuildWordQuotes(root) {
  each(root, "p.MsoQuote, p.MsoIntenseQuote", (p) => {
    const before = previousElement(p)
    let quote = before
    if (before?.nodeName !== "BLOCKQUOTE" || !before.dataset.word) {
      quote = root.ownerDocument.createElement("blockquote")
      quote.dataset.word = "quote"
      p.before(quote)
    }
    quote.append(p)
  })
  each(root, "p.MsoTitle", (p) => rename(p, "h1"))
}

function wrapContents(element, tagName) {
  const wrapper = element.ownerDocument.createElement(tagName)
  wrapper.append(...element.childNodes)
  element.append(wrapper)
}

// Google Docs marks bold and italic with inline styles on spans; Word sometimes does too.
function stylesToElements(root) {
  each(root, "b[id^='docs-internal-guid']", unwrap)
  each(root, "[style]", (element) => {
    const { fontWeight, fontStyle, verticalAlign } = element.style
    const weight = fontWeight === "bold" || fontWeight === "bolder" ? 700 : Number(fontWeight)
    if (["B", "STRONG"].includes(element.nodeName) && fontWeight && !(weight >= 600)) {
      unwrap(element) // Google Docs wraps the whole clipboard in <b style="font-weight:normal">
      return
    }
    if (element.closest("h1, h2, h3, h4, h5, h6, b, strong")) {
      // Headings are bold already.
    } else if (weight >= 600) {
      wrapContents(element, "strong")
    }
    if (fontStyle === "italic" && !element.closest("i, em")) wrapContents(element, "em")
    if (verticalAlign === "super" && !element.closest("sup")) wrapContents(element, "sup")
    if (verticalAlign === "sub" && !element.closest("sub")) wrapContents(element, "sub")
  })
}

function cleanLinks(root) {
  each(root, "a", (a) => {
    let href = (a.getAttribute("href") || "").trim()
    try {
      // Links copied from a shared Google document go through Google's redirect.
      const url = new URL(href)
      const google = /^(www\.)?google\.[a-z.]+$/.test(url.hostname) && url.pathname === "/url"
      if (google && url.searchParams.get("q")) href = url.searchParams.get("q")
    } catch {
      // Not an absolute address: dropped below.
    }
    if (!/^(https?:\/\/|mailto:)/i.test(href)) {
      // Anchors, footnote references, file: and javascript: addresses: the text stays.
      unwrap(a)
      return
    }
    const title = a.getAttribute("title")
    for (const name of a.getAttributeNames()) a.removeAttribute(name)
    a.setAttribute("href", href)
    if (title) a.setAttribute("title", title)
  })
}

// Table cells become paragraphs (the body has no tables); Google Docs nests lists directly in
// lists, where an item belongs.
function restructure(root) {
  each(root, "td, th, caption, dt, dd", (cell) => {
    if (cell.querySelector("p, h1, h2, h3, h4, h5, h6, ul, ol, blockquote, div")) unwrap(cell)
    else rename(cell, "p")
  })
  each(root, "table, thead, tbody, tfoot, tr, dl", unwrap)
  each(root, "ul > ul, ul > ol, ol > ul, ol > ol", (list) => {
    let item = list.previousElementSibling
    if (item?.nodeName !== "LI") {
      item = list.ownerDocument.createElement("li")
      list.before(item)
    }
    item.append(list)
  })
}

// The body's sections start at <h2>: pasted headings keep their ranks, the highest becoming h2.
function rankHeadings(root) {
  const headings = [...root.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  if (!headings.length) return
  const top = Math.min(...headings.map((h) => Number(h.nodeName[1])))
  for (const heading of headings) {
    const level = Math.min(4, Number(heading.nodeName[1]) - top + 2)
    if (`H${level}` !== heading.nodeName) rename(heading, `h${level}`)
  }
}

function listNumberingFromStyle(list) {
  const style = list.style.listStyleType || list.querySelector("li")?.style.listStyleType
  return NUMBERING[style] || list.getAttribute("type")
}

function keepOnlyWhatTheBodyHolds(root) {
  each(root, "*", (element) => {
    if (!KEPT.has(element.nodeName)) {
      unwrap(element)
      return
    }
    if (element.nodeName === "B" || element.nodeName === "I") {
      element = rename(element, element.nodeName === "B" ? "strong" : "em")
    }
    const numbering = element.nodeName === "OL" ? listNumberingFromStyle(element) : null
    const kept = { A: ["href", "title"], OL: ["start"] }[element.nodeName] || []
    for (const name of element.getAttributeNames()) {
      if (!kept.includes(name)) element.removeAttribute(name)
    }
    if (numbering && /^[aAiI1]$/.test(numbering)) element.setAttribute("type", numbering)
  })
}

const isBlock = (node) => node?.nodeType === Node.ELEMENT_NODE && BLOCKS.has(node.nodeName)

// A line break next to a block or at either end of one is a blank line between paragraphs
// (Google Docs), not a line break inside one.
function removeBlankLines(root) {
  each(root, "br", (br) => {
    const before = previousElement(br)
    const after = nextElement(br)
    if (!before || !after || isBlock(before) || isBlock(after)) br.remove()
  })
}

function tidySpaces(root) {
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    // Word breaks its HTML source mid-sentence and pads with runs of no-break spaces
    // (mso-spacerun); one space reads the same.
    const text = walker.currentNode
    text.data = text.data.replace(/[\t\r\n]+/g, " ").replace(/[ \u00a0]{2,}/g, " ")
  }
}

function removeEmptyBlocks(root) {
  let removed = true
  while (removed) {
    removed = false
    each(root, "p, h1, h2, h3, h4, h5, h6, li, blockquote, ul, ol, div", (block) => {
      if (NOTHING.test(block.textContent) && !block.querySelector("hr")) {
        block.remove()
        removed = true
      }
    })
  }
}

/** ``html`` from the clipboard, reduced to what an article body holds. */
export function cleanPastedHTML(html) {
  // Copied from a ProseMirror editor (this one included): already clean, and its slice markers
  // must survive for the paste to keep its structure.
  if (/data-pm-slice/.test(html)) return html
  // A template's content is inert: its pictures are never fetched, its handlers never run
  // (a document from DOMParser would fetch them).
  const template = document.createElement("template")
  template.innerHTML = html
  const root = template.content.ownerDocument.createElement("div")
  root.append(template.content)
  removeComments(root)
  each(root, JUNK, (element) => element.remove())
  removeOfficeMarkup(root)
  rebuildWordLists(root)
  each(root, '[style*="mso-list:Ignore" i]', (element) => element.remove())
  rebuildWordQuotes(root)
  stylesToElements(root)
  cleanLinks(root)
  restructure(root)
  rankHeadings(root)
  keepOnlyWhatTheBodyHolds(root)
  removeBlankLines(root)
  tidySpaces(root)
  removeEmptyBlocks(root)
  return root.innerHTML.trim()
}

export const ArticlePaste = Extension.create({
  name: "articlePaste",

  addProseMirrorPlugins() {
    return [new Plugin({ props: { transformPastedHTML: (html) => cleanPastedHTML(html) } })]
  },
})
