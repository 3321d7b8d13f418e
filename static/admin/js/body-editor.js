// The article body editor (articles/admin/body_editor.py): spell checking in the article's
// language, and a toolbar that names its buttons, says which are on or unavailable, and is one
// stop in the tab order (arrow keys move inside it, Alt+F10 reaches it from the text).
import { Extension, Plugin, gettext } from "django-prose-editor/editor"

const MAC = /Mac|iPhone|iPad/.test(navigator.platform)

// Each toolbar button by the menu item's name: its label, when it is "on" (toggles only) and
// its keyboard shortcut, written as ProseMirror writes them.
const active = (name, attributes) => (editor) => editor.isActive(name, attributes)
const TOOLS = {
  heading2: { label: "Heading 2", on: active("heading", { level: 2 }), keys: "Mod-Alt-2" },
  heading3: { label: "Heading 3", on: active("heading", { level: 3 }), keys: "Mod-Alt-3" },
  heading4: { label: "Heading 4", on: active("heading", { level: 4 }), keys: "Mod-Alt-4" },
  paragraph: { label: "Paragraph", on: active("paragraph"), keys: "Mod-Alt-0" },
  bold: { label: "Bold", on: active("bold"), keys: "Mod-b" },
  italic: { label: "Italic", on: active("italic"), keys: "Mod-i" },
  subscript: { label: "Subscript", on: active("subscript"), keys: "Mod-," },
  superscript: { label: "Superscript", on: active("superscript"), keys: "Mod-." },
  bulletList: { label: "Bulleted list", on: active("bulletList"), keys: "Mod-Shift-8" },
  orderedList: { label: "Numbered list", on: active("orderedList"), keys: "Mod-Shift-7" },
  orderedListProperties: { label: "Numbering style and start" },
  blockquote: { label: "Block quote", on: active("blockquote"), keys: "Mod-Shift-b" },
  horizontalRule: { label: "Horizontal line" },
  link: { label: "Link", on: active("link"), keys: "Mod-k" },
  unlink: { label: "Remove link" },
  "history:undo": { label: "Undo", keys: "Mod-z" },
  "history:redo": { label: "Redo", keys: "Mod-Shift-z" },
}

function keyParts(keys) {
  return keys.split("-").map((part) => (part.length === 1 ? part.toUpperCase() : part))
}

// "Mod-Shift-b" → aria-keyshortcuts "Control+Shift+B" and "Ctrl+Shift+B" to read (⌘⇧B on a Mac).
function ariaKeys(keys) {
  return keyParts(keys)
    .map((part) => ({ Mod: MAC ? "Meta" : "Control" })[part] || part)
    .join("+")
}

function shownKeys(keys) {
  if (MAC) {
    const symbols = { Mod: "⌘", Shift: "⇧", Alt: "⌥" }
    return keyParts(keys).map((part) => symbols[part] || part).join("")
  }
  return keyParts(keys).map((part) => (part === "Mod" ? "Ctrl" : part)).join("+")
}

function languageOf(editor) {
  const form = editor.options.element.querySelector("textarea")?.form
  const field = form?.elements.namedItem("language")
  return field?.value || document.documentElement.lang || ""
}

class Toolbar {
  constructor(editor) {
    this.editor = editor
    this.items = editor.storage.menu?._definedItems || {}
    this.dom = editor.storage.menu?.dom
    this.stop = null // the button Tab lands on
    if (!this.dom) return
    this.dom.setAttribute("role", "toolbar")
    this.dom.setAttribute("aria-label", gettext("Formatting"))
    for (const button of this.buttons()) this.describe(button)
    this.dom.addEventListener("keydown", (event) => this.move(event))
    this.dom.addEventListener("focusin", (event) => this.rememberStop(event.target))
  }

  buttons() {
    return [...this.dom.querySelectorAll("button[data-name]")]
  }

  reachable() {
    return this.buttons().filter((button) => !button.classList.contains("hidden"))
  }

  describe(button) {
    const tool = TOOLS[button.dataset.name]
    if (!tool) return
    const label = gettext(tool.label)
    button.setAttribute("aria-label", label)
    button.title = tool.keys ? `${label} (${shownKeys(tool.keys)})` : label
    if (tool.keys) button.setAttribute("aria-keyshortcuts", ariaKeys(tool.keys))
  }

  // Called after every change of the document or the selection.
  update() {
    if (!this.dom) return
    const editor = this.editor
    for (const button of this.buttons()) {
      const item = this.items[button.dataset.name]
      const tool = TOOLS[button.dataset.name]
      if (tool?.on) button.setAttribute("aria-pressed", String(!!tool.on(editor)))
      const enabled = editor.isEditable && (!item || item.enabled(editor))
      button.setAttribute("aria-disabled", String(!enabled))
      // The library marks state with classes; ours follows the same facts.
      if (tool?.on) button.classList.toggle("active", !!tool.on(editor))
      button.classList.toggle("disabled", !enabled)
      if (item) button.classList.toggle("hidden", !!item.hidden(editor))
    }
    this.rememberStop(this.stop)
  }

  rememberStop(button) {
    const reachable = this.reachable()
    this.stop = reachable.includes(button) ? button : reachable[0] || null
    for (const each of this.buttons()) each.tabIndex = each === this.stop ? 0 : -1
  }

  focus() {
    this.rememberStop(this.stop)
    this.stop?.focus()
    return !!this.stop
  }

  move(event) {
    const reachable = this.reachable()
    const at = reachable.indexOf(document.activeElement)
    if (at === -1) return
    const last = reachable.length - 1
    const target = {
      ArrowRight: reachable[at === last ? 0 : at + 1],
      ArrowLeft: reachable[at === 0 ? last : at - 1],
      Home: reachable[0],
      End: reachable[last],
    }[event.key]
    if (target) {
      event.preventDefault()
      this.rememberStop(target)
      target.focus()
    } else if (event.key === "Escape") {
      event.preventDefault()
      this.editor.commands.focus()
    }
  }
}

export const ArticleBody = Extension.create({
  name: "articleBody",

  addStorage() {
    return { toolbar: null }
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new Plugin({
        props: {
          // Recomputed on every update, so a change of the Language field takes effect at once.
          attributes: () => ({ spellcheck: "true", lang: languageOf(editor) }),
        },
      }),
    ]
  },

  addKeyboardShortcuts() {
    return {
      "Alt-F10": () => !!this.storage.toolbar?.focus(),
    }
  },

  onCreate() {
    const editor = this.editor
    editor.options.element.classList.add("article-body-editor")
    this.storage.toolbar = new Toolbar(editor)
    this.storage.toolbar.update()
    editor.on("transaction", () => this.storage.toolbar.update())
    const form = editor.options.element.querySelector("textarea")?.form
    form?.elements.namedItem("language")?.addEventListener("change", () => {
      editor.view.dispatch(editor.state.tr.setMeta("addToHistory", false))
    })
  },
})
