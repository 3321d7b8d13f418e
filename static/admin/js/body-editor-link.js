// Links in the article body behave as in word processors: Ctrl/Cmd+K (or the Link button) opens
// one dialog that adds a link to the selection, inserts a new linked text, or edits or removes
// the link under the caret; typing at the end of a link does not extend it; and only web
// (http, https) and e-mail (mailto) addresses are accepted — the sanitizer keeps no others.
import { Link, crel, gettext } from "django-prose-editor/editor"

const ALLOWED = /^(https?:\/\/|mailto:)/i
const SCHEME = /^([a-z][a-z0-9+.-]*):/i
const HOST_AND_PORT = /^[^\s/:@]+\.[a-z]{2,}:\d+([/?#]|$)/i
const EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/
const DOMAIN = /^[^\s/:@]+\.[a-z]{2,}([/?#:]\S*)?$/i

const fill = (template, value) => template.replace("%s", value)
const MESSAGES = {
  empty: "Enter the address the link leads to.",
  scheme:
    "Links may lead only to web pages (https:// or http://) or e-mail addresses (mailto:), " +
    "not to “%s:” addresses.",
  unknown: "“%s” is not a web or e-mail address. Start it with https://, http:// or mailto:.",
  incomplete: "“%s” is not a complete address.",
}
const refuse = (message, value) => ({ error: fill(gettext(MESSAGES[message]), value) })

/** The address a link will store for what was typed, or why it cannot be used. */
export function linkTarget(typed) {
  const value = (typed || "").trim()
  if (!value) return refuse("empty", "")
  let href = value
  if (!ALLOWED.test(value)) {
    const scheme = SCHEME.exec(value)
    if (scheme && !HOST_AND_PORT.test(value)) return refuse("scheme", scheme[1])
    if (EMAIL.test(value)) href = `mailto:${value}`
    else if (DOMAIN.test(value)) href = `https://${value}`
    else return refuse("unknown", value)
  }
  if (/\s/.test(href) || !complete(href)) return refuse("incomplete", value)
  return { href }
}

function complete(href) {
  try {
    const url = new URL(href)
    if (url.protocol === "mailto:") return EMAIL.test(decodeURIComponent(url.pathname))
    return !!url.hostname
  } catch {
    return false
  }
}

let dialogs = 0

function field(id, label, input, ...after) {
  return crel("div", { className: "prose-editor-dialog-field" }, [
    crel("label", { htmlFor: id, textContent: label }),
    input,
    ...after,
  ])
}

// The dialog lives at the end of the page, outside the admin's <form>, so its own form never
// nests inside it (Enter applies the link; it never submits the article).
function linkDialog({ href, askText, canRemove }) {
  const id = `body-link-${++dialogs}`
  const text = crel("input", { id: `${id}-text`, name: "text", type: "text" })
  const address = crel("input", {
    id: `${id}-href`,
    name: "href",
    type: "text",
    value: href || "",
    inputMode: "url",
    autocomplete: "url",
    spellcheck: false,
    "aria-describedby": `${id}-hint ${id}-error`,
  })
  const hint = crel("p", {
    id: `${id}-hint`,
    className: "help",
    textContent: gettext("A web address (https://…) or an e-mail address."),
  })
  const error = crel("p", {
    id: `${id}-error`,
    className: "errornote body-link-error",
    role: "alert",
    hidden: true,
  })
  const button = (type, text) => crel("button", { type, textContent: gettext(text) })
  const apply = button("submit", "Apply")
  const remove = button("button", "Remove link")
  const cancel = button("button", "Cancel")
  const title = crel("h2", {
    id: `${id}-title`,
    className: "prose-editor-dialog-title",
    textContent: href ? gettext("Edit link") : gettext("Add link"),
  })
  const form = crel("form", { method: "dialog", noValidate: true }, [
    title,
    ...(askText ? [field(text.id, gettext("Text"), text)] : []),
    field(address.id, gettext("Address"), address, hint, error),
    crel("div", { className: "prose-editor-dialog-buttons" }, [
      apply,
      ...(canRemove ? [remove] : []),
      cancel,
    ]),
  ])
  const dialog = crel(
    "dialog",
    { className: "prose-editor-dialog body-link-dialog", "aria-labelledby": title.id },
    [form],
  )
  document.body.append(dialog)

  return new Promise((resolve) => {
    let answer = null
    const finish = (value) => {
      answer = value
      dialog.close()
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      const target = linkTarget(address.value)
      if (target.error) {
        error.textContent = target.error
        error.hidden = false
        address.setAttribute("aria-invalid", "true")
        address.focus()
        return
      }
      finish({ action: "apply", href: target.href, text: text.value.trim() })
    })
    address.addEventListener("input", () => {
      error.hidden = true
      address.removeAttribute("aria-invalid")
    })
    remove.addEventListener("click", () => finish({ action: "remove" }))
    cancel.addEventListener("click", () => finish(null))
    dialog.addEventListener("close", () => {
      dialog.remove()
      resolve(answer)
    })
    dialog.showModal()
    ;(askText ? text : address).focus()
  })
}

// What visible text a new link gets when none was typed: the address, without "mailto:".
const shownAddress = (href) => href.replace(/^mailto:/i, "")

async function editLink(editor) {
  const inLink = editor.isActive("link")
  if (inLink && editor.state.selection.empty) editor.commands.extendMarkRange("link")
  const { empty } = editor.state.selection
  const answer = await linkDialog({
    href: inLink ? editor.getAttributes("link").href : "",
    askText: empty,
    canRemove: inLink,
  })
  const chain = editor.chain().focus()
  if (!answer) {
    chain.run()
  } else if (answer.action === "remove") {
    chain.extendMarkRange("link").unsetLink().run()
  } else if (empty) {
    const text = answer.text || shownAddress(answer.href)
    const link = { type: "link", attrs: { href: answer.href } }
    chain.insertContent({ type: "text", text, marks: [link] }).run()
  } else {
    chain.setLink({ href: answer.href }).run()
  }
}

export const ArticleLink = Link.extend({
  // Text typed at either end of a link stays outside it.
  inclusive() {
    return false
  },

  addAttributes() {
    return { ...this.parent?.(), hreflang: { default: null } }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          if (!editor.isEditable) return false
          // After this command's own transaction, which would otherwise undo the selection
          // the dialog makes.
          queueMicrotask(() => editLink(editor))
          return true
        },
    }
  },

  addKeyboardShortcuts() {
    return { "Mod-k": () => this.editor.commands.addLink() }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "link",
      groups: "link",
      command(editor) {
        editor.commands.addLink()
      },
      button: buttons.material("insert_link", "link"),
      active: (editor) => editor.isActive("link"),
    })
    menu.defineItem({
      name: "unlink",
      groups: "link",
      command(editor) {
        editor.chain().focus().extendMarkRange("link").unsetLink().run()
      },
      button: buttons.material("link_off", "remove link"),
      hidden: (editor) => !editor.isActive("link"),
    })
  },
})
